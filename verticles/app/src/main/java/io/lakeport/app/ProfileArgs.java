package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.config.ProfileLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which profile a command uses: {@code --profile FILE}, else the {@code LAKEPORT_PROFILE} environment
 * variable, else {@code conf/local.yaml}.
 */
record ProfileArgs(Path profile) {

  static ProfileArgs parse(List<String> args, Map<String, String> env) {
    Path profile = Path.of(env.getOrDefault(ProfileLoader.PROFILE_ENV, "conf/local.yaml"));
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--profile") && i + 1 < args.size()) {
        profile = Path.of(args.get(++i));
      } else if (arg.startsWith("--profile=")) {
        profile = Path.of(arg.substring("--profile=".length()));
      } else {
        throw new IllegalArgumentException("unknown option '" + arg + "' (expected --profile FILE)");
      }
    }
    if (!Files.isRegularFile(profile)) {
      throw new IllegalArgumentException("profile " + profile.toAbsolutePath() + " does not exist");
    }
    return new ProfileArgs(profile);
  }

  LakeportConfig load(Map<String, String> env) {
    return ProfileLoader.load(profile, env);
  }
}
