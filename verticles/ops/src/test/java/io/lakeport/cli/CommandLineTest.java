package io.lakeport.cli;

import io.lakeport.ops.bridge.BridgeVerticle;
import io.lakeport.config.LakeportConfig.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.lakeport.ops.OpsTesting.await;
import static io.lakeport.ops.OpsTesting.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client commands' parsing, exit codes and messages when they cannot do their job, without a server
 * (the runs themselves: the app's ITs).
 */
@ExtendWith(VertxExtension.class)
class CommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  @Test
  void aBadCommandLineExitsWithTwoNamingTheMistakeAndTheUsage() throws Exception {
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--follow")).isEqualTo(2);
    assertThat(err()).contains("ingest: --source is required").contains("Usage: ingest ").contains("--source=NAME");
    err.reset();
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--source", "ms1", "--mode", "sometimes")).isEqualTo(2);
    assertThat(err()).contains("ingest: --mode must be full, incremental or deletes, got 'sometimes'");
    err.reset();
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--source", "ms1", "--progress", "fancy")).isEqualTo(2);
    assertThat(err()).contains("ingest: --progress expects bar, lines or json, got 'fancy'");
    err.reset();
    assertThat(run(new HistoryCommand(outStream, errStream, Map.of()), "--limit", "0")).isEqualTo(2);
    assertThat(err()).contains("history: --limit expects a whole number from 1 to 1000, got '0'");
    err.reset();
    assertThat(run(new HistoryCommand(outStream, errStream, Map.of()), "--limit", "ten")).isEqualTo(2);
    assertThat(err()).contains("history: Invalid value for option '--limit': 'ten' is not an int");
    err.reset();
    assertThat(run(new StatusCommand(outStream, errStream, Map.of()), "RUN1", "--bridge", "nowhere")).isEqualTo(2);
    assertThat(err()).contains("status: --bridge expects host:port, got 'nowhere'");
    err.reset();
    assertThat(run(new StatusCommand(outStream, errStream, Map.of()))).isEqualTo(2);
    assertThat(err()).contains("status: Missing required parameter: 'RUNID'");
    err.reset();
    assertThat(run(new StatusCommand(outStream, errStream, Map.of()), "RUN1", "--api", "ftp://x")).isEqualTo(2);
    assertThat(err()).contains("status: --api expects an http(s) URL, got 'ftp://x'");
    err.reset();
    assertThat(run(new StatusCommand(outStream, errStream, Map.of()), "RUN1", "--timeout", "0")).isEqualTo(2);
    assertThat(err()).contains("status: --timeout expects a whole number from 1 to 86400, got '0'");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void unknownOptionsAndMissingValuesAreNamed() throws Exception {
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--sauce", "ms1")).isEqualTo(2);
    assertThat(err()).contains("ingest: Unknown options: '--sauce', 'ms1'").contains("Usage: ingest ");
    err.reset();
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--source")).isEqualTo(2);
    assertThat(err()).contains("ingest: Missing required parameter for option '--source' (NAME)");
    err.reset();
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--source", "ms1", "--follow=yes")).isEqualTo(2);
    assertThat(err()).contains("ingest: Invalid value for option '--follow': 'yes' is not a boolean");
    err.reset();
    assertThat(run(new StatusCommand(outStream, errStream, Map.of()), "RUN1", "RUN2")).isEqualTo(2);
    assertThat(err()).contains("status: Unmatched argument at index 1: 'RUN2'");
  }

  @Test
  void helpPerCommandExitsZeroWithItsOptionsAndExitCodes() throws Exception {
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ingest ").contains("--source=NAME")
        .contains("--follow").contains("--api=URL").contains("--api-key=KEY").contains("--bridge=HOST:PORT")
        .contains("Exit codes:").contains("4   the API refused the key");
    assertThat(err()).isEmpty();
  }

  @Test
  void anUnreachableBridgeExitsWithThreeAndSaysWhere() throws Exception {
    int port = freePort();
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--bridge", "127.0.0.1:" + port, "--source", "ms1",
        "--follow")).isEqualTo(3);
    assertThat(err()).contains("ingest: cannot reach the Lakeport bridge at 127.0.0.1:" + port);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnreachableApiExitsWithThreeAndSaysWhere() throws Exception {
    int port = freePort();
    // The URL from the environment makes REST the way, without --api.
    Map<String, String> env = Map.of(ConnectionOptions.API_URL_ENV, "http://127.0.0.1:" + port);
    assertThat(run(new HistoryCommand(outStream, errStream, env))).isEqualTo(3);
    assertThat(err()).contains("history: cannot reach the Lakeport API at http://127.0.0.1:" + port);
    err.reset();
    // An explicit --bridge wins over the environment's API URL.
    assertThat(run(new HistoryCommand(outStream, errStream, env), "--bridge", "127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err()).contains("history: cannot reach the Lakeport bridge at 127.0.0.1:" + port);
  }

  @Test
  void queriesSayToUseTheApiAndCancelGoesOverTheBridge(Vertx vertx) throws Exception {
    int port = freePort();
    await(vertx.deployVerticle(new BridgeVerticle(new BridgeConfig("127.0.0.1", port))));
    assertThat(run(new QueryCommand(outStream, errStream, Map.of()), "SELECT 1", "--bridge", "127.0.0.1:" + port)).isEqualTo(2);
    assertThat(err()).contains("query: query goes through the REST API: give --api URL");
    err.reset();
    // cancel goes over the bridge: here no ingest process serves it.
    assertThat(run(new IngestCommand.Cancel(outStream, errStream, Map.of()), "RUN1", "--bridge", "127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err()).contains("cancel: no ingest process is serving requests");
  }

  @Test
  void aBridgeWithoutAnIngestProcessExitsWithThree(Vertx vertx) throws Exception {
    int port = freePort();
    await(vertx.deployVerticle(new BridgeVerticle(new BridgeConfig("127.0.0.1", port))));
    assertThat(run(new HistoryCommand(outStream, errStream, Map.of()), "--bridge", "127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err()).contains("history: no ingest process is serving requests");
    err.reset();
    assertThat(run(new IngestCommand(outStream, errStream, Map.of()), "--bridge", "127.0.0.1:" + port, "--source", "ms1",
        "--follow")).isEqualTo(3);
    assertThat(err()).contains("ingest: no ingest process is serving requests");
  }

  private int run(Object command, String... args) {
    return CommandLineSetup.configure(new CommandLine(command), outStream, errStream).execute(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
