package io.lakeport.app;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;

/**
 * Docker's {@code .dockerignore} semantics for the patterns this repository uses: each line a glob
 * ({@code *} within one path segment), matching a path or any directory above it; {@code !} re-includes;
 * the last matching line decides.
 */
final class DockerIgnore {

  private DockerIgnore() {
  }

  static boolean excluded(List<String> rules, String relativePath) {
    boolean excluded = false;
    Path path = Path.of(relativePath);
    for (String rule : rules) {
      boolean include = rule.startsWith("!");
      String glob = (include ? rule.substring(1) : rule).replaceAll("/+$", "");
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      for (Path prefix = path; prefix != null; prefix = prefix.getParent()) {
        if (matcher.matches(prefix)) {
          excluded = !include;
          break;
        }
      }
    }
    return excluded;
  }
}
