package io.lakeport.ingest;

import io.lakeport.run.RunStatus;
import io.lakeport.config.LakeportConfig;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunStatus.State;
import io.lakeport.store.S3Clients;
import io.lakeport.lake.iceberg.IcebergCatalog;
import io.lakeport.lake.iceberg.IcebergTableLoad;
import io.lakeport.lake.iceberg.LakeFileIO;
import io.lakeport.source.Sources;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.RecordingCatalog;
import io.lakeport.testkit.S3Gate;
import io.lakeport.testing.S3ProxyProcess;
import io.lakeport.testing.SocketRelay;
import io.lakeport.testing.ScratchTable;
import io.lakeport.testkit.Await;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of a {@code format: iceberg} run, against a private S3Proxy (so the test can kill it) and the local
 * stack's PostgreSQL (source and JDBC catalog, the catalog through a relay the test cuts): a database session
 * killed mid-cursor, the store dying mid-file and the catalog database unreachable at commit each fail the
 * run naming the table and the cause, leave no new snapshot, no open multipart upload and the watermark where
 * it was, and the next run is exact.
 *
 * <p>The ingest reaches the store through an {@link S3Gate} that holds back the start of multipart uploads,
 * so each fault lands where it is meant to whatever the speed of the machine: a data file's first upload
 * waiting at the gate means the run is mid-file and cannot finish, and a table that waits for the lake
 * writer has its cursor open mid-table.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergFaultsIT {

  private static final String NAMESPACE = LocalStack.uniqueSqlName("iceberg_faults");
  private S3ProxyProcess proxy;
  /** The ingest's way to the store; the test's own client goes direct. */
  private S3Gate gate;
  /** The ingest's way to the catalog database, which the test cuts; the test's own catalog goes direct. */
  private final SocketRelay catalogRelay = new SocketRelay(LocalStack.POSTGRES.host(), LocalStack.POSTGRES.port());
  private S3AsyncClient s3;
  private Vertx vertx;
  private ScratchTable db;
  private IngestBus bus;
  private IcebergCatalog catalog;
  private final String bucket = "ice-faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final TableIdentifier id = TableIdentifier.of(Namespace.of(NAMESPACE), "itpg_scratch");

  @BeforeAll
  void start() throws Exception {
    proxy = S3ProxyProcess.start();
    gate = S3Gate.in(proxy.endpoint());
    s3 = S3Clients.create(proxy.lake(5, 2, 1024, false, 2));
    s3.createBucket(b -> b.bucket(bucket)).get();
    db = ScratchTable.postgres();
    vertx = Vertx.vertx();
    int relayPort = catalogRelay.start(0);
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest"))
        .put("lake", new JsonObject().put("endpoint", gate.endpoint().toString()).put("pathStyle", true)
            .put("accessKey", S3ProxyProcess.ACCESS_KEY).put("secretKey", S3ProxyProcess.SECRET_KEY)
            .put("partSizeMib", 5).put("partsInFlight", 2)
            .put("iceberg", new JsonObject()
                .put("uri", LocalStack.ICEBERG_CATALOG_URI.replace(":" + LocalStack.POSTGRES.port() + "/", ":" + relayPort + "/"))
                .put("user", LocalStack.ICEBERG_CATALOG_USER).put("password", LocalStack.ICEBERG_CATALOG_PASSWORD)
                .put("name", LocalStack.ICEBERG_CATALOG_NAME).put("warehouse", "s3://" + bucket + "/warehouse")
                .put("namespace", NAMESPACE).put("rowGroupMib", 1).put("targetFileMib", 64)))
        .put("ingest", new JsonObject().put("chunkKib", 256).put("credits", 4).put("fetchSize", 500))
        .put("sources", new JsonObject().put("itpg", db.sourceConfig(bucket).put("format", "iceberg")));
    LakeportConfig config = LakeportConfig.from(json, "IcebergFaultsIT");
    RecordingCatalog engine = new RecordingCatalog();
    vertx.deployVerticle(new IngestVerticle(config, Sources::create, v -> Future.succeededFuture(engine)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    bus = new IngestBus(vertx);
    catalog = new IcebergCatalog(new IcebergCatalog.Settings(LocalStack.ICEBERG_CATALOG_NAME,
        LocalStack.ICEBERG_CATALOG_URI, LocalStack.ICEBERG_CATALOG_USER, LocalStack.ICEBERG_CATALOG_PASSWORD,
        "s3://" + bucket + "/warehouse"), new LakeFileIO(s3, vertx.getOrCreateContext(), 5 * 1024 * 1024, 2));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (catalog != null && catalog.load(id) != null) {
        catalog.drop(id);
      }
    } finally {
      if (catalog != null) {
        catalog.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      s3.close();
      db.close();
      gate.close();
      proxy.close();
      catalogRelay.close();
    }
  }

  private String start(String mode) throws Exception {
    return bus.start(new JsonObject().put("source", "itpg").put("mode", mode).put("tables", new JsonArray().add("scratch")));
  }

  private RunStatus succeeded(String mode) throws Exception {
    RunStatus status = bus.awaitEnd(start(mode));
    assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(State.SUCCEEDED);
    return status;
  }

  /** id:amount of every row of the table's current snapshot, ordered by id, as the source's idsAndAmounts. */
  private List<String> lakeRows() throws Exception {
    Table table = catalog.load(id);
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("id", "amount").build()) {
      rows.forEach(records::add);
    }
    return records.stream().sorted(java.util.Comparator.comparingLong(r -> (Long) r.getField("id")))
        .map(r -> r.getField("id") + ":" + ((java.math.BigDecimal) r.getField("amount")).toPlainString()).toList();
  }

  private Snapshot current() {
    return catalog.load(id).currentSnapshot();
  }

  private void awaitNoOpenUploads() throws Exception {
    Await.until("no open multipart upload in " + bucket, Duration.ofSeconds(60),
        () -> s3.listMultipartUploads(b -> b.bucket(bucket)).get().uploads().isEmpty());
  }

  /** Waits until a data file of the run has filled its first part (or ended) and its upload waits at the gate. */
  private void awaitUploadHeld(String runId) {
    Await.until("a data file of " + runId + " to wait at the gate", Duration.ofMinutes(3), () -> gate.held() > 0);
  }

  @Test
  void aKilledSessionAndADeadStoreFailTheRunWithoutASnapshotAndTheNextRunIsExact() throws Exception {
    db.insert(1, 20_000);
    assertThat(succeeded("full").tables().getFirst().cursors()).isEqualTo(io.lakeport.testing.ScratchTable.RANGES);
    assertThat(lakeRows()).containsExactlyElementsOf(db.idsAndAmounts());
    Snapshot committed = current();
    assertThat(committed.summary()).containsEntry(IcebergTableLoad.WATERMARK, "20000");

    // The database session dies mid-cursor. With uploads held, the writer fills its part buffers and stops
    // taking chunks; the notes do not compress, so the table's Parquet is several times what the writer
    // buffers and the cursor is paused mid-table when the table reports it waits for the lake writer.
    db.insertIncompressible(20_001, 300_000, 256);
    gate.holdUploads();
    String killed = start("incremental");
    try {
      Await.until("the table to wait for the lake writer", Duration.ofMinutes(3), () -> bus.events(killed).stream()
          .anyMatch(e -> e.type() == Type.TABLE_WAITING));
      assertThat(bus.status(killed).state()).isEqualTo(State.RUNNING);
      assertThat(db.killIngestSessions()).isPositive();
    } finally {
      gate.release();
    }
    RunStatus failed = bus.awaitEnd(killed);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("table scratch failed")
        .containsAnyOf("terminating connection", "killed", "closed", "connection may have been lost");
    awaitNoOpenUploads();
    assertThat(current().snapshotId()).as("no new snapshot").isEqualTo(committed.snapshotId());
    assertThat(current().summary()).containsEntry(IcebergTableLoad.WATERMARK, "20000");

    // The store dies mid-file: the data file's first part is full and its upload waits at the gate.
    gate.holdUploads();
    String dying = start("incremental");
    awaitUploadHeld(dying);
    proxy.kill();
    gate.release();
    RunStatus storeFailed = bus.awaitEnd(dying);
    assertThat(storeFailed.state()).isEqualTo(State.FAILED);
    assertThat(storeFailed.error()).contains("table scratch failed").contains("s3://" + bucket + "/iceberg/scratch/");
    proxy.restart();
    awaitNoOpenUploads();
    assertThat(current().snapshotId()).as("no new snapshot").isEqualTo(committed.snapshotId());

    RunStatus recovered = succeeded("incremental");
    assertThat(recovered.tables().getFirst().rows()).isEqualTo(280_000);
    assertThat(lakeRows()).containsExactlyElementsOf(db.idsAndAmounts());
    assertThat(current().summary()).containsEntry(IcebergTableLoad.WATERMARK, "300000");
    Snapshot recoveredSnapshot = current();

    // The catalog database becomes unreachable while the run writes: its commit fails, nothing is committed.
    db.insert(300_001, 400_000);
    gate.holdUploads();
    String cut = start("incremental");
    awaitUploadHeld(cut);
    try {
      catalogRelay.stop();
    } finally {
      gate.release();
    }
    RunStatus catalogFailed = bus.awaitEnd(cut);
    assertThat(catalogFailed.state()).isEqualTo(State.FAILED);
    assertThat(catalogFailed.error()).contains("table scratch failed").contains("the Iceberg catalog did not accept itpg_scratch");
    awaitNoOpenUploads();
    assertThat(current().snapshotId()).as("no new snapshot").isEqualTo(recoveredSnapshot.snapshotId());
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("iceberg/scratch/data/" + cut)).get().contents())
        .as("the failed run's data files are deleted").isEmpty();

    catalogRelay.start(catalogRelay.port());
    RunStatus afterCatalog = succeeded("incremental");
    assertThat(afterCatalog.tables().getFirst().rows()).isEqualTo(100_000);
    assertThat(lakeRows()).containsExactlyElementsOf(db.idsAndAmounts());
    assertThat(current().summary()).containsEntry(IcebergTableLoad.WATERMARK, "400000");
    Snapshot beforeRanges = current();

    // A whole-table run reads in ranges; their sessions die mid-table: the run fails naming a range, commits
    // nothing, and the next whole-table run (in ranges again) is exact.
    gate.holdUploads();
    String rangesKilled = start("full");
    try {
      Await.until("the ranged table to wait for the lake writer", Duration.ofMinutes(3), () -> bus.events(rangesKilled)
          .stream().anyMatch(e -> e.type() == Type.TABLE_WAITING));
      assertThat(db.killIngestSessions()).isPositive();
    } finally {
      gate.release();
    }
    RunStatus rangesFailed = bus.awaitEnd(rangesKilled);
    assertThat(rangesFailed.state()).isEqualTo(State.FAILED);
    assertThat(rangesFailed.error()).contains("table scratch failed").contains("(range ");
    awaitNoOpenUploads();
    assertThat(current().snapshotId()).as("no new snapshot").isEqualTo(beforeRanges.snapshotId());
    RunStatus rangedFull = succeeded("full");
    assertThat(rangedFull.tables().getFirst().cursors()).isEqualTo(io.lakeport.testing.ScratchTable.RANGES);
    assertThat(rangedFull.tables().getFirst().rows()).isEqualTo(400_000);
    assertThat(lakeRows()).containsExactlyElementsOf(db.idsAndAmounts());
  }
}
