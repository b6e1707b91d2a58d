package io.lakeport.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root (the contract, the Postman collection, the Node tooling). */
final class RepositoryFiles {

  private RepositoryFiles() {
  }

  /** The repository root: {@code lakeport.home} (set by failsafe), else the first parent holding openapi.yaml. */
  static Path root() {
    String home = System.getProperty("lakeport.home");
    if (home != null && Files.isRegularFile(Path.of(home, "openapi.yaml"))) {
      return Path.of(home);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("openapi.yaml")) && Files.isDirectory(dir.resolve("verticles"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (openapi.yaml) above " + Path.of("").toAbsolutePath());
  }
}
