package io.lakeport.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values that picocli's types do not make, worded one way for every command. */
final class OptionChecks {

  private OptionChecks() {
  }

  /**
   * {@code value}, the whole number {@code option} was given, if it is from {@code min} to {@code max}.
   *
   * @throws ParameterException otherwise, naming the option, the range and the value
   */
  static int wholeNumber(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(),
          option + " expects a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
    return value;
  }
}
