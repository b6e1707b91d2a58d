package io.lakeport.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Redocly CLI (pinned in tools/package.json) finds no error in openapi.yaml. */
class OpenApiLintIT {

  @Test
  void theContractLintsWithoutErrors() throws Exception {
    Path root = RepositoryFiles.root();
    Path redocly = root.resolve("tools/node_modules/.bin/redocly");
    assertThat(redocly).as("the pinned Node tooling: run `npm ci` in tools/ (scripts/test does)").isExecutable();
    Process process = new ProcessBuilder(redocly.toString(), "lint", "openapi.yaml", "--format=stylish")
        .directory(root.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
