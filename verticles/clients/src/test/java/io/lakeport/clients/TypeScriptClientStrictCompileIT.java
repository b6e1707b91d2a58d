package io.lakeport.clients;

import io.lakeport.app.LakeportProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typescript-fetch client this module's build generated from openapi.yaml compiles with {@code tsc --strict}
 * (TypeScript pinned in tools/package.json), together with src/test/typescript/usage.ts, which uses it by the wire
 * names. A contract that stops generating, or generates TypeScript that does not compile, fails here.
 */
class TypeScriptClientStrictCompileIT {

  private static final Path CLIENT = Path.of("target", "generated-clients", "typescript-fetch");
  private static final Path PROJECT = Path.of("src", "test", "typescript", "tsconfig.json");

  @Test
  void theGeneratedClientCompilesWithStrictChecks() throws Exception {
    Path tsc = LakeportProcess.repositoryRoot().resolve("tools/node_modules/.bin/tsc");
    assertThat(tsc).as("the pinned Node tooling: run `npm ci` in tools/ (scripts/test does)").isExecutable();
    assertThat(CLIENT.resolve("index.ts")).as("the client the build generates (generate-test-sources)").isRegularFile();
    try (var models = Files.list(CLIENT.resolve("models"))) {
      assertThat(models.map(p -> p.getFileName().toString()))
          .contains("Pedido.ts", "PedidoPage.ts", "Factura.ts", "Sesion.ts", "NullableDouble.ts", "NonFiniteDouble.ts");
    }
    Process process = new ProcessBuilder(tsc.toString(), "--strict", "-p", PROJECT.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("tsc ended within 300 s").isTrue();
    assertThat(process.exitValue()).as("tsc --strict -p %s:%n%s", PROJECT, output).isZero();
  }
}
