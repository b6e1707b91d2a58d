package io.lakeport.ops;

import io.lakeport.config.LakeportConfig.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.lakeport.ops.BridgeVerticleTest.await;
import static io.lakeport.ops.BridgeVerticleTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/** The tools' exit codes and messages when they cannot do their job (the runs themselves: the app's ITs). */
@ExtendWith(VertxExtension.class)
class CommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aBadCommandLineExitsWithTwoAndTheUsage() throws Exception {
    assertThat(run(new IngestCommand(), "--follow")).isEqualTo(2);
    assertThat(err()).contains("ingest: --source is required").contains("usage: java -jar lakeport.jar ingest --source NAME");
    err.reset();
    assertThat(run(new IngestCommand(), "--source", "ms1", "--mode", "sometimes")).isEqualTo(2);
    assertThat(err()).contains("ingest: --mode must be full or incremental, got 'sometimes'");
    err.reset();
    assertThat(run(new RunsCommand(), "--limit", "0")).isEqualTo(2);
    assertThat(err()).contains("runs: --limit expects a whole number from 1 to 10000, got '0'");
    err.reset();
    assertThat(run(new StatusCommand(), "--bridge", "nowhere")).isEqualTo(2);
    assertThat(err()).contains("status: --bridge expects host:port, got 'nowhere'");
  }

  @Test
  void anUnreachableBridgeExitsWithThreeAndSaysWhere() throws Exception {
    int port = freePort();
    assertThat(run(new IngestCommand(), "--bridge", "127.0.0.1:" + port, "--source", "ms1", "--follow")).isEqualTo(3);
    assertThat(err()).contains("ingest: cannot reach the Lakeport bridge at 127.0.0.1:" + port);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aBridgeWithoutAnIngestProcessExitsWithThree(Vertx vertx) throws Exception {
    int port = freePort();
    await(vertx.deployVerticle(new BridgeVerticle(new BridgeConfig("127.0.0.1", port))));
    assertThat(run(new RunsCommand(), "--bridge", "127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err()).contains("runs: no ingest process is serving requests");
    err.reset();
    assertThat(run(new IngestCommand(), "--bridge", "127.0.0.1:" + port, "--source", "ms1", "--follow")).isEqualTo(3);
    assertThat(err()).contains("ingest: no ingest process is serving requests");
  }

  private int run(BridgeCommand command, String... args) throws Exception {
    return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
