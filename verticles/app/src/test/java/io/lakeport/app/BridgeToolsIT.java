package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lakeport.app.IngestFixture.BROKEN;
import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tooling against a real Lakeport process (ingest and bridge groups, from the jar) ingesting a scratch
 * PostgreSQL database into a scratch bucket: a client that is not Java (node, raw frames), and the jar's own
 * CLI. Runs of one source never overlap, so the tests run one after another.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeToolsIT {

  private static final int CLIENTES = 5000;
  private static final int PAGOS = 300;

  private static IngestFixture fixture;
  private static LakeportProcess lakeport;
  private static int bridgePort;
  private static int metricsPort;

  @BeforeAll
  static void start() throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.BRIDGE);
    fixture = new IngestFixture("ops-tools", IngestFixture.clientesAndPagos(CLIENTES, PAGOS));
    bridgePort = LakeportProcess.freePort();
    metricsPort = LakeportProcess.freePort();
    Path profile = fixture.profile("tools", "[ingest, bridge]", null, LakeportProcess.freePort(), bridgePort, metricsPort);
    lakeport = LakeportProcess.start("tools-lakeport", profile, Map.of(), List.of("ingest", "bridge"));
  }

  @AfterAll
  static void stop() throws Exception {
    CleanUp.all(lakeport == null ? null : lakeport::close, fixture == null ? null : fixture::close);
  }

  @Test
  @Order(1)
  void aNodeClientTriggersAnIngestThroughTheBridgeAndReceivesItsProgress() throws Exception {
    Path script = LakeportProcess.repositoryRoot().resolve("tools/bridge-client.mjs");
    Process client = new ProcessBuilder("node", script.toString(), "--bridge", "127.0.0.1:" + bridgePort,
        "--source", SOURCE, "--probe-forbidden", "lakeport.ingest.transfer").redirectErrorStream(true).start();
    assertThat(client.waitFor(5, TimeUnit.MINUTES)).as("the node client ends").isTrue();
    List<JsonObject> lines = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().map(JsonObject::new).toList();
    assertThat(client.exitValue()).as(lines + "\n" + lakeport.tail()).isZero();

    // The address outside the allow-list is refused with an err frame.
    assertThat(lines.getFirst().getString("event")).isEqualTo("refused");
    assertThat(lines.getFirst().getJsonObject("frame"))
        .isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
    String runId = lines.stream().filter(l -> l.getString("event").equals("accepted")).findFirst().orElseThrow()
        .getString("runId");
    assertThat(runId).startsWith(SOURCE + "-");
    List<JsonObject> progress = lines.stream().filter(l -> l.getString("event").equals("progress"))
        .map(l -> l.getJsonObject("progress")).toList();
    assertThat(progress).allSatisfy(p -> assertThat(p.getString("runId")).isEqualTo(runId));
    assertThat(progress).filteredOn(p -> p.getString("type").equals("table-done"))
        .extracting(p -> p.getString("table") + "=" + p.getLong("rows"))
        .containsExactlyInAnyOrder("clientes=" + CLIENTES, "pagos=" + PAGOS);
    // The same figures as the server-sent events carry: the estimate from the source's statistics and the timings.
    assertThat(progress).filteredOn(p -> p.getString("type").equals("table-done"))
        .allSatisfy(p -> {
          assertThat(p.getLong("estimatedRows")).as(p.encode()).isEqualTo(p.getString("table").equals("clientes") ? CLIENTES : PAGOS);
          assertThat(p.getLong("elapsedMs")).as(p.encode()).isNotNull().isPositive();
        });
    JsonObject status = lines.getLast().getJsonObject("status");
    assertThat(status.getString("state")).isEqualTo("succeeded");
    // The run's data objects are committed in the lake (their keys carry the run id).
    assertThat(fixture.objects()).extracting(o -> o.key())
        .filteredOn(k -> !k.startsWith("_lakeport/") && k.contains(runId)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(lakeport.log()).contains("send lakeport.ingest.transfer refused: not in the allow-list");
  }

  @Test
  @Order(2)
  void theCliFollowsARunToItsEndAndExitsZero() throws Exception {
    CliRun cli = cli("tools-cli-ingest", Duration.ofMinutes(5), "ingest", "--source", SOURCE, "--follow");
    assertThat(cli.exit()).as(cli.output() + cli.log()).isZero();
    IngestFixture.assertFollowedRunSucceeded(cli.output(), CLIENTES, PAGOS);
  }

  @Test
  @Order(3)
  void theCliExitsNonZeroWithTheReasonWhenTheSourceFails() throws Exception {
    CliRun cli = cli("tools-cli-broken", Duration.ofMinutes(5), "ingest", "--source", BROKEN, "--follow");
    assertThat(cli.exit()).as(cli.output() + cli.log()).isEqualTo(1);
    assertThat(cli.output()).containsPattern("run " + BROKEN + "-\\S+ failed: ")
        .containsPattern("(?i)reason: .*(refused|connect)");
  }

  @Test
  @Order(4)
  void theCliListsRunsAndShowsOne() throws Exception {
    CliRun runs = cli("tools-cli-runs", Duration.ofMinutes(2), "runs", "--source", SOURCE);
    assertThat(runs.exit()).as(runs.output() + runs.log()).isZero();
    String listing = runs.output();
    assertThat(listing.lines().findFirst().orElse("")).startsWith("RUN").contains("STATE").contains("ROWS");
    Matcher run = Pattern.compile("(" + SOURCE + "-\\S+)\\s+" + SOURCE + "\\s+full\\s+succeeded").matcher(listing);
    assertThat(run.find()).as(listing).isTrue();

    CliRun status = cli("tools-cli-status", Duration.ofMinutes(2), "status", run.group(1));
    assertThat(status.exit()).as(status.output() + status.log()).isZero();
    assertThat(status.output()).contains("run      " + run.group(1)).contains("state    succeeded")
        .containsPattern("clientes\\s+succeeded\\s+5,000");

    CliRun unknown = cli("tools-cli-status-unknown", Duration.ofMinutes(2), "status", SOURCE + "-20000101T000000Z-000000");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.log()).contains("status: not found: ");
  }

  @Test
  @Order(5)
  void theCliCancelsARunOverTheBridge() throws Exception {
    IngestFixture.assertTheCliCancelsARun(fixture, lakeport, "tools-cli", Map.of(),
        List.of("--bridge", "127.0.0.1:" + bridgePort));
  }

  @Test
  @Order(6)
  void theOwningProcessCountsRowsAndRunsInItsMetrics() throws Exception {
    String metrics = IngestFixture.get("http://127.0.0.1:" + metricsPort + "/metrics").body();
    double succeeded = value(metrics, "lakeport_ingest_runs_total\\{mode=\"full\",outcome=\"succeeded\",source=\"" + SOURCE + "\"\\}");
    assertThat(succeeded).as(metrics).isGreaterThanOrEqualTo(2);
    assertThat(value(metrics, "lakeport_ingest_rows_total\\{source=\"" + SOURCE + "\",table=\"clientes\"\\}"))
        .isEqualTo(CLIENTES * succeeded);
    assertThat(value(metrics, "lakeport_ingest_runs_total\\{mode=\"full\",outcome=\"failed\",source=\"" + BROKEN + "\"\\}"))
        .isEqualTo(1);
    assertThat(value(metrics, "lakeport_bridge_frames_total\\{outcome=\"refused\",type=\"send\"\\}")).isEqualTo(1);
  }

  @Test
  @Order(7)
  void theBridgeAnswersMalformedAndOversizedFramesAndKeepsServingOthers() throws Exception {
    try (java.net.Socket other = bridgeSocket(); java.net.Socket hostile = bridgeSocket(); java.net.Socket garbled = bridgeSocket()) {
      var hostileOut = new java.io.DataOutputStream(hostile.getOutputStream());
      // 2 GiB announced (0x80000000), a few bytes sent: answered at once, closed, nothing buffered.
      hostileOut.writeInt(0x80000000);
      hostileOut.write("{\"type\":".getBytes(StandardCharsets.UTF_8));
      hostileOut.flush();
      var hostileIn = new java.io.DataInputStream(hostile.getInputStream());
      assertThat(readFrame(hostileIn)).isEqualTo(new JsonObject().put("type", "err").put("message", "frame_too_large")
          .put("maxFrameBytes", 1024 * 1024));
      assertThat(hostileIn.read()).as("the bridge closed the connection").isEqualTo(-1);

      var garbledOut = new java.io.DataOutputStream(garbled.getOutputStream());
      byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
      garbledOut.writeInt(notJson.length);
      garbledOut.write(notJson);
      garbledOut.flush();
      var garbledIn = new java.io.DataInputStream(garbled.getInputStream());
      assertThat(readFrame(garbledIn)).isEqualTo(new JsonObject().put("type", "err").put("message", "invalid_json"));
      writeFrame(garbledOut, new JsonObject().put("type", "ping"));
      assertThat(readFrame(garbledIn).getString("type")).as("the same connection goes on").isEqualTo("pong");

      var otherOut = new java.io.DataOutputStream(other.getOutputStream());
      writeFrame(otherOut, new JsonObject().put("type", "send").put("address", "lakeport.ingest.runs")
          .put("replyAddress", "after-hostile").put("body", new JsonObject().put("limit", 1)));
      JsonObject reply = readFrame(new java.io.DataInputStream(other.getInputStream()));
      assertThat(reply.getString("address")).as(reply.encode()).isEqualTo("after-hostile");
      assertThat(reply.getJsonObject("body").getJsonArray("runs")).isNotNull();
    }
    assertThat(lakeport.log()).contains("a frame announces 2147483648 bytes (bridge.maxFrameBytes 1048576): closing the connection")
        .contains("a frame is not a JSON object, answered invalid_json");
    assertThat(lakeport.isAlive()).isTrue();
  }

  private static java.net.Socket bridgeSocket() throws Exception {
    java.net.Socket socket = new java.net.Socket("127.0.0.1", bridgePort);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static void writeFrame(java.io.DataOutputStream out, JsonObject frame) throws Exception {
    byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  private static JsonObject readFrame(java.io.DataInputStream in) throws Exception {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
  }

  static double value(String scrape, String series) {
    Matcher matcher = Pattern.compile("^" + series + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    assertThat(matcher.find()).as("series " + series).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  /** What a run of the jar's CLI printed, once it ended. */
  private record CliRun(int exit, String output, String log) {
  }

  /** Runs the jar's CLI with {@code args} over this test's bridge, to its end ({@code timeout} at most). */
  private static CliRun cli(String name, Duration timeout, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--bridge", "127.0.0.1:" + bridgePort));
    LakeportProcess cli = LakeportProcess.launch(name, command, Map.of());
    int exit = cli.waitFor(timeout);
    return new CliRun(exit, cli.output(), cli.log());
  }
}
