package io.lakeport.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Dockerfile rules the test suite keeps, since no hadolint package exists for this machine's Debian:
 * a subset of hadolint's (same codes) plus Lakeport's own (LP...). Documented in docs/operations.md
 * (Container images).
 *
 * <ul>
 *   <li>DL3006 / DL3007 / LP002: every {@code FROM} image has a tag, not {@code latest}, and an exact release
 *       ({@link #exactRelease}), not a major-only one such as {@code 25-jdk};</li>
 *   <li>DL3008 / DL3009 / DL3015: {@code apt-get install} pins each package ({@code pkg=version}), uses
 *       {@code --no-install-recommends}, and the same {@code RUN} removes {@code /var/lib/apt/lists};</li>
 *   <li>DL3003: no {@code cd} in {@code RUN} ({@code WORKDIR} instead);</li>
 *   <li>LP001: no {@code || true}, {@code || :} or {@code || exit 0}: a failing build step fails the build;</li>
 *   <li>DL4006: a {@code RUN} with a pipe needs {@code SHELL [..., "-o", "pipefail", ...]} before it;</li>
 *   <li>DL3020: {@code COPY}, not {@code ADD}, for files;</li>
 *   <li>DL3002 / LP003: the final stage ends as a non-root {@code USER};</li>
 *   <li>DL3025: {@code ENTRYPOINT} and {@code CMD} in exec (JSON) form, so the process is PID 1 and gets
 *       SIGTERM;</li>
 *   <li>LP004: the final stage has a {@code HEALTHCHECK}.</li>
 * </ul>
 */
final class DockerfileRules {

  private static final Pattern SINGLE_PIPE = Pattern.compile("(?<!\\|)\\|(?!\\|)");
  private static final Pattern OR_TRUE = Pattern.compile("\\|\\|\\s*(true|:|exit\\s+0)\\b|\\|\\|\\s*:$");

  /** Images whose releases have fewer than three numbers: PostgreSQL {@code 15.13}, Trino {@code 476}. */
  private static final java.util.Map<String, Pattern> RELEASES = java.util.Map.of(
      "postgres", Pattern.compile("^\\d+\\.\\d+(-[a-z0-9.-]+)?$"),
      "trinodb/trino", Pattern.compile("^\\d{3,}$"));
  /** Everything else: {@code 1.2.3}, {@code 25.0.3_9-jre-noble}, never major-only or major.minor. */
  private static final Pattern THREE_NUMBERS = Pattern.compile("^\\d+\\.\\d+\\.\\d+([._]\\d+)*(-[a-z0-9.-]+)?$");

  private DockerfileRules() {
  }

  /** Whether {@code image} ({@code name:tag}) names one exact release, not a tag that moves. */
  static boolean exactRelease(String image) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = name.lastIndexOf(':');
    if (colon < 0 || name.indexOf('/', colon) >= 0) {
      return false;
    }
    String tag = name.substring(colon + 1);
    return RELEASES.getOrDefault(name.substring(0, colon), THREE_NUMBERS).matcher(tag).matches();
  }

  /** The violations, each {@code CODE: line: what}; empty when the file keeps every rule. */
  static List<String> check(String dockerfile) {
    List<String> violations = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    boolean pipefail = false;
    String lastUser = null;
    boolean healthcheck = false;
    int stage = 0;
    for (String line : dockerfile.replace("\\\n", " ").split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      String keyword = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
      String args = space < 0 ? "" : trimmed.substring(space + 1).strip();
      switch (keyword) {
        case "FROM" -> {
          stage++;
          lastUser = null;
          healthcheck = false;
          String[] parts = args.replaceAll("--platform=\\S+\\s*", "").split("\\s+");
          String image = parts[0];
          boolean earlierStage = stages.contains(image) || image.equals("scratch");
          if (parts.length >= 3 && parts[1].equalsIgnoreCase("AS")) {
            stages.add(parts[2]);
          }
          if (earlierStage) {
            continue;
          }
          String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
          int colon = name.lastIndexOf(':');
          if (colon < 0 || name.indexOf('/', colon) >= 0) {
            violations.add("DL3006: " + trimmed + ": the image has no tag");
          } else if (name.substring(colon + 1).equals("latest")) {
            violations.add("DL3007: " + trimmed + ": the image floats on latest");
          } else if (!exactRelease(name)) {
            violations.add("LP002: " + trimmed + ": the tag is not an exact release");
          }
        }
        case "RUN" -> {
          if (args.contains("apt-get install")) {
            if (!args.contains("--no-install-recommends")) {
              violations.add("DL3015: " + trimmed + ": apt-get install without --no-install-recommends");
            }
            if (!args.contains("rm -rf /var/lib/apt/lists")) {
              violations.add("DL3009: " + trimmed + ": the apt lists are left in the layer");
            }
            String packages = args.substring(args.indexOf("apt-get install") + "apt-get install".length()).split("&&|;")[0];
            for (String word : packages.strip().split("\\s+")) {
              if (!word.startsWith("-") && !word.isEmpty() && !word.contains("=")) {
                violations.add("DL3008: " + trimmed + ": package '" + word + "' is not pinned (pkg=version)");
              }
            }
          } else if (args.contains("apt-get update") && !args.contains("rm -rf /var/lib/apt/lists")) {
            violations.add("DL3009: " + trimmed + ": the apt lists are left in the layer");
          }
          if (Pattern.compile("(^|&&|;)\\s*cd\\s").matcher(args).find()) {
            violations.add("DL3003: " + trimmed + ": cd in RUN; use WORKDIR");
          }
          if (OR_TRUE.matcher(args).find()) {
            violations.add("LP001: " + trimmed + ": a failure is hidden; the build step must be able to fail");
          }
          if (SINGLE_PIPE.matcher(args).find() && !pipefail) {
            violations.add("DL4006: " + trimmed + ": a pipe without SHELL [... -o pipefail ...]");
          }
        }
        case "SHELL" -> pipefail = args.contains("pipefail");
        case "ADD" -> violations.add("DL3020: " + trimmed + ": use COPY for files");
        case "USER" -> lastUser = args;
        case "HEALTHCHECK" -> healthcheck = !args.equalsIgnoreCase("NONE");
        case "ENTRYPOINT", "CMD" -> {
          if (!args.startsWith("[")) {
            violations.add("DL3025: " + trimmed + ": not in exec (JSON) form");
          }
        }
        default -> { }
      }
    }
    if (stage > 0) {
      if (lastUser == null) {
        violations.add("LP003: the final stage sets no USER: it runs as root");
      } else if (lastUser.equals("root") || lastUser.equals("0") || lastUser.startsWith("0:") || lastUser.startsWith("root:")) {
        violations.add("DL3002: USER " + lastUser + ": the final stage runs as root");
      }
      if (!healthcheck) {
        violations.add("LP004: the final stage has no HEALTHCHECK");
      }
    }
    return violations;
  }
}
