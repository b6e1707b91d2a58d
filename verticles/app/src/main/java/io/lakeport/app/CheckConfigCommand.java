package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/** Validates a profile (with environment overrides) and prints what it would deploy. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate a profile (with its LAKEPORT_ environment overrides) and print the groups and sources "
        + "it deploys.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the profile is valid", "2:the profile is invalid (the message names the key) or missing"})
final class CheckConfigCommand implements Callable<Integer> {

  @Mixin
  ProfileArgs profileArgs;

  private final PrintStream out;
  private final Map<String, String> env;

  CheckConfigCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  @Override
  public Integer call() {
    LakeportConfig config = profileArgs.load(env);
    out.println(profileArgs.profile(env) + ": valid");
    out.println("  groups:  " + config.groups());
    out.println("  sources: " + config.sources().keySet());
    out.println("  engine:  " + config.engine().kind().name().toLowerCase());
    return 0;
  }
}
