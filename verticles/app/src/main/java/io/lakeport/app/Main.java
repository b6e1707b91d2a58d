package io.lakeport.app;

import io.lakeport.cli.CommandLineSetup;
import io.lakeport.cli.HistoryCommand;
import io.lakeport.cli.IngestCommand;
import io.lakeport.cli.QueryCommand;
import io.lakeport.cli.StatusCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Entry point of the one jar: {@code java -jar lakeport.jar [command] [options]}, parsed by picocli.
 * Without a command it runs the profile's verticle groups ({@link RunCommand}), as the container image
 * does. Exit codes common to every command: 0 done, 1 failed, 2 a bad command line or configuration.
 */
@Command(name = "lakeport", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Copies operational databases into an S3 lake and serves it over a REST API.%n"
        + "Without a command: run (the verticle groups of $LAKEPORT_PROFILE, else conf/local.yaml).",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {"Client commands reach Lakeport over the REST API when --api URL or $LAKEPORT_API_URL is given "
        + "(key: --api-key or $LAKEPORT_API_KEY), else over the event-bus bridge (--bridge, default 127.0.0.1:7000).",
        "`lakeport COMMAND --help` describes each command and its exit codes."})
public final class Main implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.out, System.err, System.getenv()).execute(args));
  }

  /** No command: {@code run} with its defaults. */
  @Override
  public Integer call() {
    return spec.commandLine().getSubcommands().get("run").execute();
  }

  /** The whole command line, printing to {@code out} and {@code err}, reading {@code env}. */
  static CommandLine commandLine(PrintStream out, PrintStream err, Map<String, String> env) {
    CommandLine root = new CommandLine(new Main())
        .addSubcommand(new CommandLine(new RunCommand(out, err, env)))
        .addSubcommand(new CommandLine(new CheckConfigCommand(out, env)))
        .addSubcommand(new CommandLine(new IngestCommand(out, err, env))
            .addSubcommand(new CommandLine(new IngestCommand.Cancel(out, err, env))))
        .addSubcommand(new CommandLine(new StatusCommand(out, err, env)))
        .addSubcommand(new CommandLine(new HistoryCommand(out, err, env)))
        .addSubcommand(new CommandLine(new QueryCommand(out, err, env)))
        .addSubcommand(new CommandLine(new AutoComplete.GenerateCompletion()))
        .addSubcommand(new CommandLine(new CommandLine.HelpCommand()));
    // The completion script is a documented command, not picocli's hidden default.
    root.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return CommandLineSetup.configure(root, out, err);
  }

  /** The build's version, written into {@code version.properties} by Maven's resource filtering. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"lakeport " + properties.getProperty("version", "unknown"),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"};
    }
  }
}
