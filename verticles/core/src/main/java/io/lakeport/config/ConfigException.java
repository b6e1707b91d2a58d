package io.lakeport.config;

import java.util.List;

/**
 * A profile that cannot be used. Each problem names the key (a dotted path such as
 * {@code sources.ms1.port}) and what was expected, so start-up fails with a message a person can act on.
 */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(String origin, List<String> problems) {
    super("Invalid configuration (" + origin + "):\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
