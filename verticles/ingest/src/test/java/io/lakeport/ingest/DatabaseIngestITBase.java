package io.lakeport.ingest;

import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.ProgressEvent.Type;
import io.lakeport.ingest.RunStatus.State;
import io.lakeport.lake.S3Clients;
import io.lakeport.lake.TableState;
import io.lakeport.source.Sources;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.LakeView;
import io.lakeport.testing.RecordingCatalog;
import io.lakeport.testing.S3ProxyProcess;
import io.lakeport.testing.ScratchTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of one table of a real database through the real source, the bus, the lake writer and a
 * private S3Proxy: full run, incremental run, a database session killed mid-cursor, recovery, full re-run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseIngestITBase {

  private static final Pattern ID = Pattern.compile("\"id\":\"?(-?\\d+)");
  private static final Pattern AMOUNT = Pattern.compile("\"amount\":\"?(-?[0-9.]+)");

  private S3ProxyProcess proxy;
  private Vertx vertx;
  private S3AsyncClient s3;
  private ScratchTable db;
  private IngestBus bus;
  private LakeView lake;
  private LakeView gzipLake;
  private final String source = "scratchdb";
  /** The same database as a second source in a process whose lake writes gzip objects. */
  private final String gzipSource = "scratchgz";

  abstract ScratchTable table();

  @BeforeAll
  void start() throws Exception {
    proxy = S3ProxyProcess.start();
    String bucket = "db-it-" + UUID.randomUUID().toString().substring(0, 8);
    s3 = S3Clients.create(proxy.lake(5, 2, 1024, false, 2));
    s3.createBucket(b -> b.bucket(bucket)).get();
    db = table();
    String gzipBucket = bucket + "-gz";
    s3.createBucket(b -> b.bucket(gzipBucket)).get();
    vertx = Vertx.vertx();
    deploy(source, bucket, false);
    deploy(gzipSource, gzipBucket, true);
    bus = new IngestBus(vertx);
    lake = new LakeView(s3, bucket);
    gzipLake = new LakeView(s3, gzipBucket);
  }

  private void deploy(String name, String bucket, boolean gzip) throws Exception {
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest"))
        .put("lake", new JsonObject().put("endpoint", proxy.endpoint().toString()).put("pathStyle", true)
            .put("accessKey", S3ProxyProcess.ACCESS_KEY).put("secretKey", S3ProxyProcess.SECRET_KEY)
            .put("partSizeMib", 5).put("partsInFlight", 2).put("gzip", gzip).put("keepSnapshots", 2))
        .put("ingest", new JsonObject().put("chunkKib", 256).put("credits", 4).put("fetchSize", 500))
        .put("sources", new JsonObject().put(name, db.sourceConfig(bucket)));
    LakeportConfig config = LakeportConfig.from(json, getClass().getSimpleName());
    RecordingCatalog catalog = new RecordingCatalog();
    vertx.deployVerticle(new IngestVerticle(config, Sources::create, v -> Future.succeededFuture(catalog)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    if (s3 != null) {
      s3.close();
    }
    if (db != null) {
      db.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  JsonObject request(String mode) {
    return request(source, mode);
  }

  JsonObject request(String name, String mode) {
    return new JsonObject().put("source", name).put("mode", mode).put("tables", new JsonArray().add("scratch"));
  }

  /** id:amount of every visible row, ordered by id: what a reader of the current snapshot gets. */
  List<String> visible() throws Exception {
    return visible(lake);
  }

  List<String> visible(LakeView view) throws Exception {
    List<long[]> order = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (String line : view.visibleRows("scratch")) {
      Matcher id = ID.matcher(line);
      Matcher amount = AMOUNT.matcher(line);
      assertThat(id.find()).as(line).isTrue();
      assertThat(amount.find()).as(line).isTrue();
      order.add(new long[] {Long.parseLong(id.group(1)), rows.size()});
      rows.add(id.group(1) + ":" + new BigDecimal(amount.group(1)).toPlainString());
    }
    order.sort((a, b) -> Long.compare(a[0], b[0]));
    return order.stream().map(o -> rows.get((int) o[1])).toList();
  }

  @Test
  void fullIncrementalKilledSessionRecoveryAndFullRerun() throws Exception {
    db.insert(1, 20_000);
    String full = bus.start(request("full"));
    RunStatus first = bus.awaitEnd(full);
    assertThat(first.state()).as(String.valueOf(first.error())).isEqualTo(State.SUCCEEDED);
    assertThat(first.tables().getFirst().rows()).isEqualTo(20_000);
    assertThat(visible()).containsExactlyElementsOf(db.idsAndAmounts());
    assertThat(lake.state("scratch").watermark()).isEqualTo("20000");

    db.insert(20_001, 21_000);
    String incremental = bus.start(request("incremental"));
    RunStatus second = bus.awaitEnd(incremental);
    assertThat(second.state()).as(String.valueOf(second.error())).isEqualTo(State.SUCCEEDED);
    assertThat(second.tables().getFirst().rows()).as("only the rows inserted since").isEqualTo(1_000);
    assertThat(visible()).containsExactlyElementsOf(db.idsAndAmounts());
    TableState committed = lake.state("scratch");
    assertThat(committed.watermark()).isEqualTo("21000");
    assertThat(committed.snapshotId()).isEqualTo(full);

    // (b) The database session dies mid-cursor. Freeze the store first so the writer stops taking chunks:
    // credits run out and the cursor is paused halfway through the table when its session is killed.
    db.insert(21_001, 400_000);
    String killed = bus.start(request("incremental"));
    for (int i = 0; i < 1200 && bus.events(killed).stream()
        .noneMatch(e -> e.type() == Type.TABLE_PROGRESS && e.bytes() > 0); i++) {
      Thread.sleep(50);
    }
    proxy.suspend();
    try {
      Thread.sleep(3000);
      RunStatus stalled = bus.status(killed);
      assertThat(stalled.state()).isEqualTo(State.RUNNING);
      assertThat(stalled.tables().getFirst().rows()).as("the cursor is paused mid-table").isLessThan(379_000);
      assertThat(db.killIngestSessions()).isPositive();
    } finally {
      proxy.resume();
    }
    RunStatus failed = bus.awaitEnd(killed);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("table scratch failed").containsIgnoringCase("scratch")
        .containsAnyOf("terminating connection", "killed", "closed", "connection may have been lost");
    assertThat(failed.tables().getFirst().rows()).isLessThan(379_000);
    for (int i = 0; i < 300 && !lake.openUploads().isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(lake.openUploads()).isEmpty();
    assertThat(lake.keys("scratch/")).noneMatch(k -> k.contains(killed));
    assertThat(lake.state("scratch")).as("watermark and snapshot unchanged").isEqualTo(committed);
    assertThat(visible()).hasSize(21_000);

    String recovery = bus.start(request("incremental"));
    RunStatus recovered = bus.awaitEnd(recovery);
    assertThat(recovered.state()).as(String.valueOf(recovered.error())).isEqualTo(State.SUCCEEDED);
    assertThat(recovered.tables().getFirst().rows()).isEqualTo(379_000);
    assertThat(visible()).containsExactlyElementsOf(db.idsAndAmounts());

    String rerun = bus.start(request("full"));
    RunStatus last = bus.awaitEnd(rerun);
    assertThat(last.state()).as(String.valueOf(last.error())).isEqualTo(State.SUCCEEDED);
    assertThat(lake.state("scratch").snapshotId()).isEqualTo(rerun);
    assertThat(visible()).as("the new snapshot alone, complete").containsExactlyElementsOf(db.idsAndAmounts());
  }

  @Test
  void aGzipLakeHoldsTheSameRows() throws Exception {
    if (db.count() == 0) {
      db.insert(1, 5_000);
    }
    String runId = bus.start(request(gzipSource, "full"));
    RunStatus done = bus.awaitEnd(runId);
    assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(State.SUCCEEDED);
    assertThat(done.tables().getFirst().objects()).allMatch(k -> k.endsWith(".jsonl.gz")).isNotEmpty();
    assertThat(visible(gzipLake)).containsExactlyElementsOf(db.idsAndAmounts());
  }
}
