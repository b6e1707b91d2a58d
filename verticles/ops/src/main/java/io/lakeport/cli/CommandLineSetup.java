package io.lakeport.cli;

import io.lakeport.config.ConfigException;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * How every Lakeport command line reports mistakes: a bad option or value prints {@code NAME: message}
 * (picocli's message names the option) and the command's usage, exit 2; a configuration error prints its
 * message (naming the key), exit 2; any other failure one line, exit 1, never a stack trace.
 */
public final class CommandLineSetup {

  private CommandLineSetup() {
  }

  /** Applies to {@code commandLine} and the subcommands it already has. */
  public static CommandLine configure(CommandLine commandLine, PrintStream out, PrintStream err) {
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      PrintWriter writer = failed.getErr();
      writer.println(failed.getCommandName() + ": " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, writer);
      failed.usage(writer);
      return failed.getCommandSpec().exitCodeOnInvalidInput();
    });
    commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
      if (e instanceof ConfigException) {
        failed.getErr().println(e.getMessage());
        return 2;
      }
      failed.getErr().println(failed.getCommandName() + " failed: " + e);
      return 1;
    });
    return commandLine;
  }
}
