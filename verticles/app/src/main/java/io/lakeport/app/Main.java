package io.lakeport.app;

import io.lakeport.config.ConfigException;
import io.lakeport.deploy.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Entry point of the one jar: {@code java -jar lakeport.jar [command] [options]}. Without a command it
 * runs the profile's verticle groups ({@link RunCommand}).
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(dispatch(Arrays.asList(args), System.out, System.err));
  }

  static int dispatch(List<String> args, PrintStream out, PrintStream err) {
    List<Command> commands = commands();
    String name = args.isEmpty() || args.getFirst().startsWith("-") ? "run" : args.getFirst();
    List<String> rest = args.isEmpty() || args.getFirst().startsWith("-") ? args : args.subList(1, args.size());
    if (name.equals("help") || name.equals("--help")) {
      usage(commands, out);
      return 0;
    }
    for (Command command : commands) {
      if (command.name().equals(name)) {
        try {
          return command.run(rest, out, err);
        } catch (ConfigException e) {
          err.println(e.getMessage());
          return 2;
        } catch (Exception e) {
          err.println(name + " failed: " + e);
          return 1;
        }
      }
    }
    err.println("unknown command '" + name + "'");
    usage(commands, err);
    return 2;
  }

  static List<Command> commands() {
    List<Command> commands = new ArrayList<>();
    commands.add(new RunCommand());
    commands.add(new CheckConfigCommand());
    ServiceLoader.load(Command.class).forEach(commands::add);
    return commands;
  }

  private static void usage(List<Command> commands, PrintStream out) {
    out.println("usage: java -jar lakeport.jar [command] [options]");
    for (Command command : commands) {
      out.printf("  %-14s %s%n", command.name(), command.summary());
    }
  }
}
