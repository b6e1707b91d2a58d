package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.config.ProfileLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which profile a command uses: {@code --profile FILE}, else the {@code LAKEPORT_PROFILE} environment
 * variable, else {@code conf/local.yaml}. A picocli mixin of {@code run} and {@code check-config}.
 */
final class ProfileArgs {

  static final String DEFAULT_PROFILE = "conf/local.yaml";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--profile", paramLabel = "FILE",
      description = "The profile (default: $" + ProfileLoader.PROFILE_ENV + ", else " + DEFAULT_PROFILE + ").")
  Path profile;

  /** @throws ParameterException when the profile file does not exist */
  Path profile(Map<String, String> env) {
    Path chosen = profile != null ? profile : Path.of(env.getOrDefault(ProfileLoader.PROFILE_ENV, DEFAULT_PROFILE));
    if (!Files.isRegularFile(chosen)) {
      throw new ParameterException(spec.commandLine(), "profile " + chosen.toAbsolutePath() + " does not exist"
          + (profile != null ? " (--profile)" : " (" + ProfileLoader.PROFILE_ENV + " or the default " + DEFAULT_PROFILE + ")"));
    }
    return chosen;
  }

  LakeportConfig load(Map<String, String> env) {
    return ProfileLoader.load(profile(env), env);
  }
}
