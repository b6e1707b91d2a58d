package io.lakeport.ingest;

import io.lakeport.run.RunStatus;
import io.lakeport.config.LakeportConfig;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunStatus.State;
import io.lakeport.store.S3Clients;
import io.lakeport.lake.TableState;
import io.lakeport.source.Sources;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.LakeView;
import io.lakeport.testing.RecordingCatalog;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.S3Gate;
import io.lakeport.testing.S3ProxyProcess;
import io.lakeport.testing.ScratchTable;
import io.lakeport.testkit.Await;
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
import java.time.Duration;
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

  private static final int PART_MIB = 5;
  private static final int PARTS_IN_FLIGHT = 1;
  private static final int CHUNK_KIB = 256;
  private static final int CREDITS = 4;
  private static final int FETCH_SIZE = 500;
  /**
   * What one table transfer may hold while the writer takes nothing (docs/ingest.md): the chunks of every
   * credit plus the part being filled and the parts in flight.
   */
  private static final long MEMORY_BOUND_BYTES =
      (long) CREDITS * CHUNK_KIB * 1024 + (PARTS_IN_FLIGHT + 1L) * PART_MIB * 1024 * 1024;
  /** Wide rows keep the batch that is ten times the memory bound small enough to insert and read quickly. */
  private static final int NOTE_LENGTH = 400;

  private static final Pattern ID = Pattern.compile("\"id\":\"?(-?\\d+)");
  private static final Pattern AMOUNT = Pattern.compile("\"amount\":\"?(-?[0-9.]+)");

  private S3ProxyProcess proxy;
  /** Between the ingest process and the store: holds back upload starts on request. */
  private S3Gate gate;
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
    gate = S3Gate.in(proxy.endpoint());
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
        .put("lake", new JsonObject().put("endpoint", gate.endpoint().toString()).put("pathStyle", true)
            .put("accessKey", S3ProxyProcess.ACCESS_KEY).put("secretKey", S3ProxyProcess.SECRET_KEY)
            .put("partSizeMib", PART_MIB).put("partsInFlight", PARTS_IN_FLIGHT).put("gzip", gzip)
            .put("keepSnapshots", 2))
        .put("ingest", new JsonObject().put("chunkKib", CHUNK_KIB).put("credits", CREDITS).put("fetchSize", FETCH_SIZE))
        .put("sources", new JsonObject().put(name, db.sourceConfig(bucket)));
    LakeportConfig config = LakeportConfig.from(json, getClass().getSimpleName());
    RecordingCatalog catalog = new RecordingCatalog();
    vertx.deployVerticle(new IngestVerticle(config, Sources::create, v -> Future.succeededFuture(catalog)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    CleanUp.all(
        vertx == null ? null : () -> vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS),
        s3 == null ? null : s3::close, db == null ? null : db::close, gate == null ? null : gate::close,
        proxy == null ? null : proxy::close);
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
    db.insert(1, 20_000, NOTE_LENGTH);
    String full = bus.start(request("full"));
    RunStatus first = bus.awaitEnd(full);
    assertThat(first.state()).as(String.valueOf(first.error())).isEqualTo(State.SUCCEEDED);
    assertThat(first.tables().getFirst().rows()).isEqualTo(20_000);
    assertThat(first.tables().getFirst().cursors()).as("a whole-table read in ranges").isEqualTo(ScratchTable.RANGES);
    assertThat(visible()).containsExactlyElementsOf(db.idsAndAmounts());
    assertThat(lake.state("scratch").watermark()).isEqualTo("20000");

    db.insert(20_001, 21_000, NOTE_LENGTH);
    String incremental = bus.start(request("incremental"));
    RunStatus second = bus.awaitEnd(incremental);
    assertThat(second.state()).as(String.valueOf(second.error())).isEqualTo(State.SUCCEEDED);
    assertThat(second.tables().getFirst().rows()).as("only the rows inserted since").isEqualTo(1_000);
    assertThat(second.tables().getFirst().cursors()).as("the rows past the watermark, by one cursor").isEqualTo(1);
    assertThat(visible()).containsExactlyElementsOf(db.idsAndAmounts());
    TableState committed = lake.state("scratch");
    assertThat(committed.watermark()).isEqualTo("21000");
    assertThat(committed.snapshotId()).isEqualTo(full);

    // (b) The database session dies mid-cursor. The gate holds back the start of the upload before the run
    // starts, so the writer fills its part buffers, stops taking chunks, the credits run out and the cursor
    // pauses: the run says so with a table-waiting event. The batch is ten times what the memory bound of the
    // configuration can hold, so the cursor is far from the end whatever the speed of the machine.
    long rowBytes = Math.ceilDiv(first.tables().getFirst().bytes(), first.tables().getFirst().rows());
    long boundRows = MEMORY_BOUND_BYTES / rowBytes;
    long batch = 10 * boundRows;
    db.insert(21_001, 21_000 + batch, NOTE_LENGTH);
    gate.holdUploads();
    String killed;
    try {
      killed = bus.start(request("incremental"));
      bus.awaitEvent(killed, Type.TABLE_WAITING, Duration.ofMinutes(3),
          "the cursor to pause on credits while the store holds the upload back");
      RunStatus stalled = bus.status(killed);
      assertThat(stalled.state()).isEqualTo(State.RUNNING);
      assertThat(gate.held()).as("the upload start waits at the gate").isEqualTo(1);
      assertThat(stalled.tables().getFirst().rows()).as("rows read while the writer takes nothing: at most what "
          + "credits, part buffers and parts in flight hold (" + boundRows + " rows), far from the batch's " + batch)
          .isLessThanOrEqualTo(2 * boundRows + FETCH_SIZE).isLessThan(batch);
      assertThat(db.killIngestSessions()).isPositive();
    } finally {
      gate.release();
    }
    RunStatus failed = bus.awaitEnd(killed);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("table scratch failed").containsIgnoringCase("scratch")
        .containsAnyOf("terminating connection", "killed", "closed", "connection may have been lost");
    assertThat(failed.tables().getFirst().rows()).isLessThan(batch);
    Await.until("the killed run's upload to be aborted", Duration.ofMinutes(1), () -> lake.openUploads().isEmpty());
    assertThat(lake.openUploads()).isEmpty();
    assertThat(lake.keys("scratch/")).noneMatch(k -> k.contains(killed));
    assertThat(lake.state("scratch")).as("watermark and snapshot unchanged").isEqualTo(committed);
    assertThat(visible()).hasSize(21_000);

    String recovery = bus.start(request("incremental"));
    RunStatus recovered = bus.awaitEnd(recovery);
    assertThat(recovered.state()).as(String.valueOf(recovered.error())).isEqualTo(State.SUCCEEDED);
    assertThat(recovered.tables().getFirst().rows()).isEqualTo(batch);
    assertThat(visible()).containsExactlyElementsOf(db.idsAndAmounts());

    String rerun = bus.start(request("full"));
    RunStatus last = bus.awaitEnd(rerun);
    assertThat(last.state()).as(String.valueOf(last.error())).isEqualTo(State.SUCCEEDED);
    assertThat(lake.state("scratch").snapshotId()).isEqualTo(rerun);
    assertThat(last.tables().getFirst().cursors()).isEqualTo(ScratchTable.RANGES);
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
