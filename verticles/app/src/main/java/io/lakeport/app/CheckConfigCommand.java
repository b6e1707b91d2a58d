package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.Command;

import java.io.PrintStream;
import java.util.List;

/** Validates a profile (with environment overrides) and prints what it would deploy. */
final class CheckConfigCommand implements Command {

  @Override
  public String name() {
    return "check-config";
  }

  @Override
  public String summary() {
    return "validate a profile and print the groups and sources it deploys";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    ProfileArgs profileArgs = ProfileArgs.parse(args, System.getenv());
    LakeportConfig config = profileArgs.load(System.getenv());
    out.println(profileArgs.profile() + ": valid");
    out.println("  groups:  " + config.groups());
    out.println("  sources: " + config.sources().keySet());
    out.println("  engine:  " + config.engine().kind().name().toLowerCase());
    return 0;
  }
}
