package io.lakeport.deploy;

import java.io.PrintStream;
import java.util.List;

/**
 * A subcommand of the one jar ({@code java -jar lakeport.jar NAME ...}), registered in
 * {@code META-INF/services/io.lakeport.deploy.Command}. {@code run} (start the groups of a profile) is
 * built in; tooling such as the ingest client adds its own.
 */
public interface Command {

  String name();

  /** One line for the usage text. */
  String summary();

  /** Runs the command; the return value is the process exit code. */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
