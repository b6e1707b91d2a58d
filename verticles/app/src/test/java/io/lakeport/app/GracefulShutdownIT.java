package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunMode;
import io.lakeport.store.LakeLayout;
import io.lakeport.ops.bridge.BridgeClient;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM in the middle of a table: the ingest process stops its runs on the way out, and the multipart
 * upload it had open is aborted, so the bucket has no unfinished upload and no half-written object.
 * The table is a scratch PostgreSQL table of a few hundred MB made with generate_series, big enough that
 * the process is still uploading parts when the signal comes.
 */
@ExtendWith(LocalStackExtension.class)
class GracefulShutdownIT {

  private static final int ROWS = 2_000_000;
  private static final long PART_BYTES = 5L * 1024 * 1024;

  private static IngestFixture fixture;
  private static Vertx vertx;

  @BeforeAll
  static void createTheBigTable() {
    IngestFixture.assumeGroups(Group.INGEST, Group.BRIDGE);
    // About 200 bytes of JSON per row: some 400 MB to copy.
    fixture = new IngestFixture("ops-sigterm",
        "CREATE TABLE eventos (id bigint PRIMARY KEY, cuenta integer NOT NULL, importe numeric(12,2) NOT NULL, "
            + "creado timestamptz NOT NULL, detalle text NOT NULL)",
        "INSERT INTO eventos SELECT g, g % 1000, (g % 100000) / 100.0, "
            + "timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second', "
            + "md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text) FROM generate_series(1, " + ROWS + ") g");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void dropIt() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void sigtermMidTableLeavesNoOpenMultipartUpload() throws Exception {
    int bridgePort = LakeportProcess.freePort();
    Path profile = fixture.profile("sigterm", "[ingest, bridge]", null, LakeportProcess.freePort(), bridgePort,
        LakeportProcess.freePort());
    try (LakeportProcess lakeport = LakeportProcess.start("sigterm-lakeport", profile, Map.of(), List.of("ingest", "bridge"))) {
      Duration timeout = Duration.ofSeconds(60);
      BridgeClient client = BridgeClient.connect(vertx, "127.0.0.1", bridgePort, timeout)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      LinkedBlockingQueue<ProgressEvent> events = new LinkedBlockingQueue<>();
      client.register(IngestAddresses.PROGRESS, body -> events.add(ProgressEvent.fromJson(body)));
      String runId = client.request(IngestAddresses.START,
              new IngestRequest(SOURCE, List.of("eventos"), RunMode.FULL).toJson(), timeout)
          .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS).getString("runId");

      // Mid-table: more than two parts' worth copied, and the table not done.
      ProgressEvent midTable = null;
      while (midTable == null) {
        ProgressEvent event = events.poll(5, TimeUnit.MINUTES);
        assertThat(event).as("progress of " + runId + "\n" + lakeport.tail()).isNotNull();
        if (!event.runId().equals(runId)) {
          continue;
        }
        assertThat(event.type()).as(event.toString()).isNotIn(ProgressEvent.Type.TABLE_DONE, ProgressEvent.Type.RUN_DONE,
            ProgressEvent.Type.TABLE_FAILED, ProgressEvent.Type.RUN_FAILED);
        if (event.type() == ProgressEvent.Type.TABLE_PROGRESS && event.bytes() > 3 * PART_BYTES) {
          midTable = event;
        }
      }
      assertThat(fixture.openUploads()).as("an upload is open mid-table").isNotEmpty();

      int exit = lakeport.terminate(Duration.ofMinutes(2));

      assertThat(exit).as(lakeport.tail()).isEqualTo(143);
      assertThat(lakeport.log()).contains("shutting down: stopping the verticles").contains("stopped in");
      assertThat(fixture.openUploads()).as("open multipart uploads after SIGTERM").isEmpty();
      assertThat(fixture.objects()).extracting(o -> o.key())
          .as("no data object of the cancelled run").noneMatch(k -> !k.startsWith("_lakeport/") && k.contains(runId));
      JsonObject manifest = new JsonObject(fixture.read(LakeLayout.runManifestKey(runId)));
      assertThat(manifest.getString("state")).isEqualTo("failed");
      assertThat(manifest.getString("error")).contains("stopping");
      assertThat(midTable.rows()).isPositive();
    }
  }
}
