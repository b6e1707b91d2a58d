package io.lakeport.ingest;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunStatus.State;
import io.lakeport.store.LakeLayout;
import io.lakeport.store.S3Clients;
import io.lakeport.lake.TableState;
import io.lakeport.testing.GeneratedSource;
import io.lakeport.testing.GeneratedTableReader;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.LakeView;
import io.lakeport.testing.RecordingCatalog;
import io.lakeport.testing.S3ProxyProcess;
import io.lakeport.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs over the event bus contract, driven by generated tables (the database sources have their own
 * tests), against a private S3Proxy that the fault test kills and restarts.
 */
class IngestRunsIT {

  private static final String SOURCE = "gen";
  private static S3ProxyProcess proxy;
  private static Vertx vertx;
  private static S3AsyncClient s3;
  private static String bucket;
  private static LakeportConfig config;
  private static RecordingCatalog catalog;
  private static IngestBus bus;
  private static LakeView lake;
  private static String deployment;

  @BeforeAll
  static void start() throws Exception {
    proxy = S3ProxyProcess.start();
    bucket = "runs-it-" + UUID.randomUUID().toString().substring(0, 8);
    s3 = S3Clients.create(proxy.lake(5, 2, 1024, false, 2));
    s3.createBucket(b -> b.bucket(bucket)).get();
    config = config(false);
    vertx = Vertx.vertx();
    catalog = new RecordingCatalog();
    deploy();
    bus = new IngestBus(vertx);
    lake = new LakeView(s3, bucket);
  }

  static LakeportConfig config(boolean gzip) {
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest"))
        .put("lake", new JsonObject().put("endpoint", proxy.endpoint().toString()).put("region", "us-east-1")
            .put("pathStyle", true).put("accessKey", S3ProxyProcess.ACCESS_KEY).put("secretKey", S3ProxyProcess.SECRET_KEY)
            .put("partSizeMib", 5).put("partsInFlight", 2).put("gzip", gzip).put("keepSnapshots", 2))
        .put("ingest", new JsonObject().put("chunkKib", 256).put("credits", 4).put("tableParallelism", 2))
        .put("sources", new JsonObject().put(SOURCE, new JsonObject().put("kind", "jdbc").put("url", "jdbc:generated")
            .put("bucket", bucket).put("format", "jsonl")
            .put("watermarks", new JsonObject().put("orders", "id").put("inc", "id").put("broken", "id")
                .put("killed", "id").put("refused", "id"))));
    return LakeportConfig.from(json, "IngestRunsIT");
  }

  static void deploy() throws Exception {
    deployment = vertx.deployVerticle(new IngestVerticle(config, (v, source, ingest) -> new GeneratedSource(v, source.name()),
        v -> Future.succeededFuture(catalog))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static void undeploy() throws Exception {
    vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    s3.close();
    proxy.close();
  }

  static List<String> rows(long first, long last) {
    return LongStream.rangeClosed(first, last).mapToObj(id -> GeneratedTableReader.line(id).strip()).toList();
  }

  static JsonObject request(String mode, String... tables) {
    return new JsonObject().put("source", SOURCE).put("mode", mode).put("tables", new JsonArray(List.of(tables)));
  }

  @Test
  void aFullRunCommitsEveryTablePublishesItAndRecordsTheRun() throws Exception {
    GeneratedSource.table("orders", 20_000);
    GeneratedSource.table("nothing", 0);
    List<ILoggingEvent> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // takes the MDC of the thread that logged
        logged.add(event);
      }
    };
    appender.start();
    List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(IngestRun.class),
        (Logger) LoggerFactory.getLogger(IngestCoordinator.class));
    loggers.forEach(l -> l.addAppender(appender));
    String runId;
    RunStatus status;
    try {
      runId = bus.start(request("full", "orders", "nothing"));
      status = bus.awaitEnd(runId);
    } finally {
      loggers.forEach(l -> l.detachAppender(appender));
    }
    // The run's log lines carry its id in the MDC (docs/operations.md, "Logs"), its end with the figures.
    assertThat(logged).filteredOn(e -> e.getFormattedMessage().contains(runId)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("runId", runId));
    assertThat(logged).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.matches("run " + runId + " succeeded: 2 tables, 20000 rows, \\d+ bytes in \\d+ ms"));

    assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(State.SUCCEEDED);
    assertThat(status.tables()).extracting(RunStatus.TableStatus::table).containsExactly("orders", "nothing");
    RunStatus.TableStatus orders = status.tables().getFirst();
    assertThat(orders.rows()).isEqualTo(20_000);
    assertThat(orders.objects()).hasSize(1).allMatch(k -> k.startsWith("orders/snapshot=" + runId + "/dt="));
    assertThat(orders.watermark()).isEqualTo("20000");
    assertThat(status.tables().get(1).objects()).as("an empty table writes no object").isEmpty();

    assertThat(lake.visibleRows("orders")).containsExactlyElementsOf(rows(1, 20_000));
    TableState state = lake.state("orders");
    assertThat(state.snapshotId()).isEqualTo(runId);
    assertThat(state.watermark()).isEqualTo("20000");
    assertThat(state.engineTable()).isEqualTo("gen_orders");
    assertThat(lake.state("nothing").snapshotId()).isEqualTo(runId);
    assertThat(lake.visibleRows("nothing")).isEmpty();

    RunStatus manifest = RunStatus.fromJson(new JsonObject(new String(lake.get(LakeLayout.runManifestKey(runId)))));
    assertThat(manifest).isEqualTo(status);

    List<CommittedTable> published = catalog.published.stream().filter(c -> c.snapshotId().equals(runId)).toList();
    assertThat(published).extracting(CommittedTable::engineTable).containsExactlyInAnyOrder("gen_orders", "gen_nothing");
    assertThat(published).allMatch(c -> c.mode() == RunMode.FULL && c.bucket().equals(bucket) && !c.gzip());

    List<ProgressEvent> events = bus.events(runId);
    assertThat(events.getFirst().type()).isEqualTo(Type.RUN_STARTED);
    assertThat(events.getFirst().message()).as("the run states its memory bound").contains("memory bound ")
        .contains(" table(s) × (");
    assertThat(events.getLast().type()).isEqualTo(Type.RUN_DONE);
    assertThat(events.getLast().rows()).isEqualTo(20_000);
    assertThat(events).filteredOn(e -> e.type() == Type.TABLE_DONE).extracting(ProgressEvent::table)
        .containsExactlyInAnyOrder("orders", "nothing");
    assertThat(events).noneMatch(e -> e.type() == Type.TABLE_FAILED);

    List<RunStatus> history = bus.runs(new JsonObject().put("source", SOURCE));
    assertThat(history.getFirst().runId()).isEqualTo(runId);
    assertThat(history).isSortedAccordingTo((a, b) -> b.startedAt().compareTo(a.startedAt()));
  }

  @Test
  void incrementalRunsCopyOnlyNewRowsAndFullRerunsSwitchSnapshotsWhole() throws Exception {
    GeneratedSource.table("inc", 1_000);
    String first = bus.start(request("incremental", "inc"));
    assertThat(bus.awaitEnd(first).state()).isEqualTo(State.SUCCEEDED);
    assertThat(lake.visibleRows("inc")).containsExactlyElementsOf(rows(1, 1_000));

    GeneratedSource.TABLES.get("inc").rows = 1_500;
    String second = bus.start(request("incremental", "inc"));
    RunStatus appended = bus.awaitEnd(second);
    assertThat(appended.state()).isEqualTo(State.SUCCEEDED);
    assertThat(appended.tables().getFirst().rows()).as("only the new rows are copied").isEqualTo(500);
    assertThat(lake.state("inc").snapshotId()).as("appended to the same snapshot").isEqualTo(first);
    assertThat(lake.state("inc").watermark()).isEqualTo("1500");
    assertThat(lake.visibleRows("inc")).containsExactlyInAnyOrderElementsOf(rows(1, 1_500));
    assertThat(catalog.published.getLast().mode()).isEqualTo(RunMode.INCREMENTAL);

    String nothingNew = bus.start(request("incremental", "inc"));
    RunStatus unchanged = bus.awaitEnd(nothingNew);
    assertThat(unchanged.tables().getFirst().rows()).isZero();
    assertThat(lake.state("inc").watermark()).as("no row, same watermark").isEqualTo("1500");

    String full = bus.start(request("full", "inc"));
    assertThat(bus.awaitEnd(full).state()).isEqualTo(State.SUCCEEDED);
    assertThat(lake.state("inc").snapshotId()).isEqualTo(full);
    assertThat(lake.visibleRows("inc")).as("one complete snapshot, never a mix").containsExactlyElementsOf(rows(1, 1_500));

    String again = bus.start(request("full", "inc"));
    assertThat(bus.awaitEnd(again).state()).isEqualTo(State.SUCCEEDED);
    assertThat(lake.visibleRows("inc")).containsExactlyElementsOf(rows(1, 1_500));
    // keepSnapshots: 2: the current snapshot and the one before it, nothing older.
    assertThat(lake.keys("inc/")).allMatch(k -> k.startsWith("inc/snapshot=" + again + "/")
        || k.startsWith("inc/snapshot=" + full + "/")).isNotEmpty();
  }

  @Test
  void anIncrementalRunWithoutAWatermarkColumnIsRefused() throws Exception {
    GeneratedSource.table("nowm", 10);
    ReplyException refused = bus.refusal(IngestAddresses.START, request("incremental", "nowm"));
    assertThat(refused.failureCode()).isEqualTo(IngestAddresses.BAD_REQUEST);
    assertThat(refused.getMessage()).contains("sources.gen.watermarks.nowm");

    ReplyException unknownSource = bus.refusal(IngestAddresses.START, new JsonObject().put("source", "nope"));
    assertThat(unknownSource.failureCode()).isEqualTo(IngestAddresses.NOT_FOUND);
    ReplyException unknownTable = bus.refusal(IngestAddresses.START, request("full", "nowm", "no_such_table"));
    assertThat(unknownTable.failureCode()).isEqualTo(IngestAddresses.BAD_REQUEST);
    assertThat(unknownTable.getMessage()).contains("no_such_table").contains("found:").contains("nowm");
    ReplyException badMode = bus.refusal(IngestAddresses.START, request("sometimes", "nowm"));
    assertThat(badMode.failureCode()).isEqualTo(IngestAddresses.BAD_REQUEST);
    ReplyException deletesOfJsonLines = bus.refusal(IngestAddresses.START, request("deletes", "nowm"));
    assertThat(deletesOfJsonLines.failureCode()).isEqualTo(IngestAddresses.BAD_REQUEST);
    assertThat(deletesOfJsonLines.getMessage()).contains("needs an Iceberg lake").contains("sources.gen.format");
    ReplyException noRun = bus.refusal(IngestAddresses.STATUS, new JsonObject().put("runId", "gen-20200101T000000Z-abcdef"));
    assertThat(noRun.failureCode()).isEqualTo(IngestAddresses.NOT_FOUND);
  }

  @Test
  void aRunCancelledMidTableAbortsItsUploadsCommitsNothingAndKeepsThePreviousRows() throws Exception {
    GeneratedSource.Table big = GeneratedSource.table("cancelme", 2_000);
    String first = bus.start(request("full", "cancelme"));
    assertThat(bus.awaitEnd(first).state()).isEqualTo(State.SUCCEEDED);
    String watermark = lake.state("cancelme").watermark();

    big.rows = 400_000;
    big.delayMs = 5;
    big.chunkBytes = 64 * 1024;
    String running = bus.start(request("full", "cancelme"));
    // Mid-table: the run has sent bytes of the table (and so opened its multipart upload) but not finished it.
    Await.until("progress of the table before the cancel", Duration.ofSeconds(60),
        () -> bus.events(running).stream().anyMatch(e -> e.type() == Type.TABLE_PROGRESS && e.bytes() > 0));
    Await.until("the table's multipart upload under way before the cancel", Duration.ofSeconds(60),
        () -> !lake.openUploads().isEmpty());
    RunStatus cancelled = RunStatus.fromJson(bus.request(IngestAddresses.CANCEL, new JsonObject().put("runId", running)));
    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    assertThat(bus.status(running).state()).isEqualTo(State.CANCELLED);
    assertThat(lake.openUploads()).as("ListMultipartUploads after the cancel").isEmpty();
    assertThat(lake.state("cancelme").snapshotId()).as("no snapshot committed").isEqualTo(first);
    assertThat(lake.state("cancelme").watermark()).as("watermark unchanged").isEqualTo(watermark);
    assertThat(lake.visibleRows("cancelme")).as("the previous rows still served").containsExactlyElementsOf(rows(1, 2_000));
    Await.until("a run-cancelled progress event", Duration.ofSeconds(30),
        () -> bus.events(running).stream().anyMatch(e -> e.type() == Type.RUN_CANCELLED));

    ReplyException ended = bus.refusal(IngestAddresses.CANCEL, new JsonObject().put("runId", first));
    assertThat(ended.failureCode()).isEqualTo(IngestAddresses.CONFLICT);
    ReplyException unknown = bus.refusal(IngestAddresses.CANCEL, new JsonObject().put("runId", "gen-20200101T000000Z-abcdef"));
    assertThat(unknown.failureCode()).isEqualTo(IngestAddresses.NOT_FOUND);
  }

  @Test
  void aSecondRunOfTheSameSourceIsRefusedWhileOneRuns() throws Exception {
    GeneratedSource.Table slow = GeneratedSource.table("slow", 30_000);
    slow.delayMs = 20;
    slow.chunkBytes = 16 * 1024;
    String runId = bus.start(request("full", "slow"));
    ReplyException conflict = bus.refusal(IngestAddresses.START, request("full", "slow"));
    assertThat(conflict.failureCode()).isEqualTo(IngestAddresses.CONFLICT);
    assertThat(conflict.getMessage()).contains(runId);
    assertThat(bus.status(runId).state()).isEqualTo(State.RUNNING);
    RunStatus done = bus.awaitEnd(runId);
    assertThat(done.state()).isEqualTo(State.SUCCEEDED);
    assertThat(bus.events(runId)).anyMatch(e -> e.type() == Type.TABLE_PROGRESS && e.bytes() > 0);
  }

  @Test
  void aSourceFailureMidTableCommitsNothingAndTheNextRunCopiesEverything() throws Exception {
    GeneratedSource.Table broken = GeneratedSource.table("broken", 200_000);
    broken.rows = 100;
    String good = bus.start(request("incremental", "broken"));
    assertThat(bus.awaitEnd(good).state()).isEqualTo(State.SUCCEEDED);
    TableState before = lake.state("broken");

    broken.rows = 200_000;
    broken.failAfterChunks = 60; // 60 chunks of 64 KiB: parts were uploaded before the cursor fails
    String failing = bus.start(request("incremental", "broken"));
    RunStatus failed = bus.awaitEnd(failing);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("table broken").contains("cursor of table gen failed");
    assertThat(bus.events(failing)).anyMatch(e -> e.type() == Type.TABLE_FAILED && "broken".equals(e.table()));
    assertThat(bus.events(failing).getLast().type()).isEqualTo(Type.RUN_FAILED);
    assertThat(lake.keys("broken/")).noneMatch(k -> k.contains(failing));
    assertThat(lake.openUploads()).isEmpty();
    assertThat(lake.state("broken")).isEqualTo(before);

    broken.failAfterChunks = -1;
    String next = bus.start(request("incremental", "broken"));
    RunStatus recovered = bus.awaitEnd(next);
    assertThat(recovered.state()).isEqualTo(State.SUCCEEDED);
    assertThat(recovered.tables().getFirst().rows()).isEqualTo(200_000 - 100);
    assertThat(lake.visibleRows("broken")).containsExactlyInAnyOrderElementsOf(rows(1, 200_000));
  }

  @Test
  void aCatalogRefusalCommitsNothing() throws Exception {
    GeneratedSource.table("refused", 1_000);
    catalog.refuseWith = "engine unavailable (test)";
    try {
      String runId = bus.start(request("incremental", "refused"));
      RunStatus failed = bus.awaitEnd(runId);
      assertThat(failed.state()).isEqualTo(State.FAILED);
      assertThat(failed.error()).contains("table refused").contains("engine unavailable (test)");
      assertThat(lake.keys("refused/")).isEmpty();
      assertThat(lake.state("refused")).isNull();
    } finally {
      catalog.refuseWith = null;
    }
  }

  @Test
  void theStoreDyingMidTableAbortsTheUploadAndTheNextRunCopiesEverything() throws Exception {
    GeneratedSource.Table killed = GeneratedSource.table("killed", 50);
    String good = bus.start(request("incremental", "killed"));
    assertThat(bus.awaitEnd(good).state()).isEqualTo(State.SUCCEEDED);
    TableState before = lake.state("killed");

    killed.rows = 1_000_000;
    killed.delayMs = 10;
    String runId = bus.start(request("incremental", "killed"));
    // Kill the store once two parts' worth of the table went out, while the cursor is still reading.
    Await.until("two parts' worth of the table to go out", Duration.ofMinutes(3), () -> bus.events(runId).stream()
        .anyMatch(e -> e.type() == Type.TABLE_PROGRESS && e.bytes() > 12L * 1024 * 1024));
    assertThat(bus.status(runId).state()).as("the cursor is still reading").isEqualTo(State.RUNNING);
    proxy.kill();
    RunStatus failed = bus.awaitEnd(runId);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("table killed").contains("s3://" + bucket + "/killed/");

    proxy.restart();
    // The janitor retries the abort with backoff until the store answers again.
    Await.until("the janitor to abort the dead run's upload", Duration.ofMinutes(2), () -> lake.openUploads().isEmpty());
    assertThat(lake.keys("killed/")).noneMatch(k -> k.contains(runId));
    assertThat(lake.state("killed")).isEqualTo(before);

    killed.delayMs = 0;
    killed.rows = 100_000;
    String next = bus.start(request("incremental", "killed"));
    RunStatus recovered = bus.awaitEnd(next);
    assertThat(recovered.state()).as(String.valueOf(recovered.error())).isEqualTo(State.SUCCEEDED);
    assertThat(lake.visibleRows("killed")).containsExactlyInAnyOrderElementsOf(rows(1, 100_000));
  }

  @Test
  void historySurvivesARestartAndAStopCancelsTheRunningRun() throws Exception {
    GeneratedSource.table("hist", 100);
    String done = bus.start(request("full", "hist"));
    assertThat(bus.awaitEnd(done).state()).isEqualTo(State.SUCCEEDED);

    GeneratedSource.Table slow = GeneratedSource.table("hist", 1_000_000);
    slow.delayMs = 10;
    String interrupted = bus.start(request("full", "hist"));
    Await.until("more than a part of the table to go out", Duration.ofMinutes(3), () -> bus.events(interrupted)
        .stream().anyMatch(e -> e.type() == Type.TABLE_PROGRESS && e.bytes() > 8L * 1024 * 1024));
    assertThat(bus.status(interrupted).state()).as("the run is still reading when the group stops")
        .isEqualTo(State.RUNNING);
    undeploy();
    deploy();

    RunStatus cancelled = bus.status(interrupted);
    assertThat(cancelled.state()).isEqualTo(State.FAILED);
    assertThat(cancelled.error()).contains("table hist").contains("stopping");
    assertThat(lake.openUploads()).isEmpty();
    assertThat(lake.keys("hist/")).noneMatch(k -> k.contains(interrupted));
    assertThat(lake.state("hist").snapshotId()).isEqualTo(done);

    List<RunStatus> history = bus.runs(new JsonObject().put("source", SOURCE).put("limit", 100));
    assertThat(history).extracting(RunStatus::runId).contains(done, interrupted);
    assertThat(history.indexOf(history.stream().filter(r -> r.runId().equals(interrupted)).findFirst().orElseThrow()))
        .isLessThan(history.indexOf(history.stream().filter(r -> r.runId().equals(done)).findFirst().orElseThrow()));
    GeneratedSource.TABLES.remove("hist");
  }
}
