package io.lakeport.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of a command-line tool: {@code --name value}, {@code --name=value}, flags, positionals. Unknown
 * options are errors that name the known ones.
 */
final class CliArgs {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positionals = new ArrayList<>();

  private CliArgs() {
  }

  /** @throws UsageException for an unknown option or a missing value */
  static CliArgs parse(List<String> args, Set<String> options, Set<String> flags) {
    CliArgs parsed = new CliArgs();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        parsed.positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        parsed.values.put(name, "true");
      } else if (options.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        parsed.values.put(name, value);
      } else {
        List<String> known = new ArrayList<>();
        options.forEach(o -> known.add("--" + o));
        flags.forEach(f -> known.add("--" + f));
        throw new UsageException("unknown option '" + arg + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    return parsed;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  int integer(String name, int fallback, int min, int max) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UsageException("--" + name + " expects a whole number from " + min + " to " + max + ", got '" + value + "'");
  }

  List<String> positionals() {
    return positionals;
  }

  /** A bad command line: the tool prints the message and its usage and exits with 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
