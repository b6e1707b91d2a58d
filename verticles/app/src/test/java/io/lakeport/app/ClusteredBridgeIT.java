package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clustered event bus at the bus level, across JVMs: a Lakeport process from the jar runs only the
 * bridge group; this test's JVM joins the same cluster (built by the launcher's {@link VertxFactory}) and
 * serves the trigger and status addresses, publishing progress, as an ingest process does. A client that is
 * not Java (node, raw frames) and the jar's own CLI talk to the bridge process; their requests must cross
 * to this JVM and the progress published here must come back through the bridge.
 */
class ClusteredBridgeIT {

  private static final String RUN = "ms9-20261127T193000Z-0a1b2c";
  private static final Instant T0 = Instant.parse("2026-11-27T19:30:00Z");

  private static LakeportProcess bridge;
  private static Vertx node;
  private static int bridgePort;
  private static final List<JsonObject> startRequests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    int bridgeMember = LakeportProcess.freePort();
    int testMember = LakeportProcess.freePort();
    bridgePort = LakeportProcess.freePort();
    String members = "[127.0.0.1:" + bridgeMember + ", 127.0.0.1:" + testMember + "]";
    Path profile = Files.createTempFile("lakeport-bridge", ".yaml");
    Files.writeString(profile, """
        groups: [bridge]
        cluster:
          enabled: true
          host: 127.0.0.1
          port: %d
          members: %s
        bridge:
          host: 127.0.0.1
          port: %d
        """.formatted(bridgeMember, members, bridgePort));
    bridge = LakeportProcess.start("clustered-bridge", profile, Map.of(), List.of("bridge"));

    LakeportConfig config = LakeportConfig.from(new JsonObject()
        .put("groups", new JsonArray().add("api"))
        .put("metrics", new JsonObject().put("enabled", false))
        .put("cluster", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", testMember)
            .put("members", new JsonArray().add("127.0.0.1:" + bridgeMember).add("127.0.0.1:" + testMember))),
        "test");
    node = VertxFactory.create(config).toCompletionStage().toCompletableFuture().get(4, TimeUnit.MINUTES);
    serveLikeAnIngestProcess(node);
    bridge.awaitLog("Members {size:2", LakeportProcess.START_TIMEOUT);
  }

  /** What the ingest group serves, for one run whose progress this JVM publishes. */
  private static void serveLikeAnIngestProcess(Vertx vertx) throws Exception {
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.START, m -> {
      startRequests.add(m.body());
      m.reply(new JsonObject().put("runId", RUN));
      IngestRequest request = IngestRequest.fromJson(m.body());
      List<ProgressEvent> events = List.of(
          new ProgressEvent(RUN, request.source(), Type.RUN_STARTED, null, 0, 0, null, T0),
          new ProgressEvent(RUN, request.source(), Type.TABLE_STARTED, "usuarios", 0, 0, null, T0),
          new ProgressEvent(RUN, request.source(), Type.TABLE_PROGRESS, "usuarios", 500, 60_000, null, T0),
          new ProgressEvent(RUN, request.source(), Type.TABLE_DONE, "usuarios", 1000, 120_000, null, T0),
          new ProgressEvent(RUN, request.source(), Type.RUN_DONE, null, 1000, 120_000, null, T0.plusSeconds(2)));
      long delay = 500;
      for (ProgressEvent event : events) {
        vertx.setTimer(delay, t -> vertx.eventBus().publish(IngestAddresses.PROGRESS, event.toJson()));
        delay += 300;
      }
    }).completion().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.STATUS, m -> m.reply(new RunStatus(RUN, "ms9", RunMode.FULL,
        RunStatus.State.SUCCEEDED, T0, T0.plusSeconds(2),
        List.of(new RunStatus.TableStatus("usuarios", RunStatus.State.SUCCEEDED, 1000, 120_000,
            List.of("usuarios/snapshot=x/dt=2026-11-27/" + RUN + "-0.jsonl"), null, List.of(), null)), null).toJson()))
        .completion().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    if (node != null) {
      node.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeClientOnTheBridgeProcessReachesTheOtherJvmAndGetsItsProgress() throws Exception {
    Path script = LakeportProcess.repositoryRoot().resolve("tools/bridge-client.mjs");
    Process client = new ProcessBuilder("node", script.toString(), "--bridge", "127.0.0.1:" + bridgePort,
        "--source", "ms9", "--tables", "usuarios", "--probe-forbidden", "lakeport.transfer.ms9.usuarios")
        .redirectErrorStream(true).start();
    assertThat(client.waitFor(3, TimeUnit.MINUTES)).isTrue();
    List<JsonObject> lines = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().map(JsonObject::new).toList();
    assertThat(client.exitValue()).as(lines.toString()).isZero();

    assertThat(lines.getFirst()).isEqualTo(new JsonObject().put("event", "refused")
        .put("address", "lakeport.transfer.ms9.usuarios")
        .put("frame", new JsonObject().put("type", "err").put("message", "access_denied")));
    assertThat(lines).contains(new JsonObject().put("event", "accepted").put("runId", RUN));
    List<String> progress = lines.stream().filter(l -> l.getString("event").equals("progress"))
        .map(l -> l.getJsonObject("progress").getString("type")).toList();
    assertThat(progress).contains("table-done");
    assertThat(lines.getLast().getString("event")).isEqualTo("status");
    assertThat(lines.getLast().getJsonObject("status").getString("state")).isEqualTo("succeeded");
    assertThat(startRequests).contains(new JsonObject().put("source", "ms9").put("mode", "full")
        .put("tables", new JsonArray().add("usuarios")));
    assertThat(bridge.log()).contains("send lakeport.transfer.ms9.usuarios refused: not in the allow-list");
  }

  @Test
  void theCliFollowsTheRunThroughTheBridgeProcessAndExitsZero() throws Exception {
    LakeportProcess cli = LakeportProcess.launch("cli-follow-clustered",
        List.of("ingest", "--bridge", "127.0.0.1:" + bridgePort, "--source", "ms9", "--follow"), Map.of());
    int exit = cli.waitFor(Duration.ofMinutes(3));
    String output = cli.output();
    assertThat(exit).as(output + cli.log()).isZero();
    assertThat(output).contains("run " + RUN + " accepted: ingesting ms9 (full)")
        .contains("usuarios: done, 1,000 rows, 117.2 KiB")
        .contains("run " + RUN + " succeeded: 1/1 tables, 1,000 rows, 117.2 KiB in 2.0 s")
        .doesNotContain("\r");
  }
}
