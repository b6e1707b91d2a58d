package io.lakeport.ingest;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.config.LakeportConfig.TableFormat;
import io.lakeport.lake.iceberg.IcebergOrphanFiles;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import io.lakeport.store.LakeLayout;
import io.lakeport.schema.TableSchema;
import io.lakeport.source.Source;
import io.lakeport.source.SourceReadException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one source: discovers its tables, runs them {@code tableParallelism} at a time
 * ({@link TableRun}), publishes progress, and keeps the run manifest in the lake ({@code RUNNING} when it
 * starts, its outcome when it ends). Tables commit independently: one failed table fails the run but does
 * not undo the others. Runs on the coordinator's context.
 */
final class IngestRun {

  private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);
  /** Progress of a table is published at most this often. */
  static final long PROGRESS_INTERVAL_MS = 1000;
  /**
   * The manifest of a running run is rewritten at least this often: its time in the store is when the
   * process was last seen, which a restart after a crash reports (IngestCoordinator.recoverInterrupted).
   */
  static final long HEARTBEAT_INTERVAL_MS = 30_000;

  private final IngestServices services;
  private final SourceConfig source;
  private final String runId;
  private final RunMode mode;
  private final List<String> requestedTables;
  private final Instant startedAt;
  private final Map<String, TableStatus> tables = new LinkedHashMap<>();
  private final Map<String, TableRun> running = new LinkedHashMap<>();
  private final Map<String, long[]> lastProgress = new LinkedHashMap<>();
  /** Per table: the source's row estimate, and when it started (nanoTime): the figures of its events. */
  private final Map<String, Long> estimates = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Long> tableStarts = new java.util.concurrent.ConcurrentHashMap<>();
  private final long runStart = System.nanoTime();
  private final Promise<RunStatus> finished = Promise.promise();

  private State state = State.RUNNING;
  private Instant endedAt;
  private String error;
  private String cancelled;
  /** Whether {@link #cancelled} came from a client's request (CANCELLED) rather than a stop (FAILED). */
  private boolean onRequest;
  private long progressTimer = -1;
  /** Manifest writes, one after the other, so the final status is always the last one written. */
  private Future<Void> manifestWrites = Future.succeededFuture();
  private long manifestWrittenAt;

  IngestRun(IngestServices services, SourceConfig source, String runId, Instant startedAt, IngestRequest request) {
    this.services = services;
    this.source = source;
    this.runId = runId;
    this.startedAt = startedAt;
    this.mode = request.mode();
    this.requestedTables = request.tables();
  }

  String runId() {
    return runId;
  }

  Future<RunStatus> finished() {
    return finished.future();
  }

  RunStatus status() {
    List<TableStatus> list = new ArrayList<>();
    tables.forEach((name, status) -> {
      TableRun live = running.get(name);
      list.add(live == null ? status
          : new TableStatus(name, status.state(), live.rows(), live.bytes(), status.objects(), status.watermark(),
              status.warnings(), status.error()));
    });
    return new RunStatus(runId, source.name(), mode, state, startedAt, endedAt, list, error);
  }

  /**
   * Stops the run: tables in progress are aborted, tables not started are not started. The run ends FAILED
   * (the process stopping interrupted it); see {@link #cancelOnRequest}.
   */
  void cancel(String reason) {
    if (cancelled == null) {
      cancelled = reason;
      List.copyOf(running.values()).forEach(t -> t.cancel(reason));
    }
  }

  /** {@link #cancel}, asked for by a client: the run ends CANCELLED. */
  void cancelOnRequest(String reason) {
    if (cancelled == null) {
      log(Level.INFO, "run {}: cancel requested: {}", runId, reason);
      onRequest = true;
      cancel(reason);
    }
  }

  /** Runs to the end; the returned future (also {@link #finished()}) never fails. */
  Future<RunStatus> execute() {
    publish(Type.RUN_STARTED, null, 0, 0, mode.wire() + " run of " + source.name() + "; "
        + MemoryBound.of(services.config().ingest(), services.config().lake(), source).describe());
    progressTimer = services.vertx().setPeriodic(PROGRESS_INTERVAL_MS, t -> publishProgress());
    Source[] opened = new Source[1];
    writeManifest(status())
        .compose(v -> services.store().sweepOrphanUploads(source.bucket(), runId)
            .onSuccess(n -> {
              if (n > 0) {
                log(Level.INFO, "run {}: aborted {} uploads left open by earlier runs of {}", runId, n, source.name());
              }
            })
            .<Void>mapEmpty()
            .recover(e -> {
              log(Level.WARN, "run {}: could not sweep open uploads: {}", runId, TableRun.message(e));
              return Future.succeededFuture();
            }))
        .compose(v -> source.format() == TableFormat.ICEBERG ? sweepOrphanDataFiles() : Future.succeededFuture())
        .compose(v -> {
          opened[0] = services.sources().create(services.vertx(), source, services.config().ingest());
          return opened[0].discover(requestedTables)
              .recover(e -> Future.failedFuture(new SourceReadException("discovery failed: " + TableRun.message(e), e)));
        })
        .compose(schemas -> runTables(opened[0], schemas))
        .transform(outcome -> {
          Future<Void> closed = opened[0] == null ? Future.succeededFuture()
              : opened[0].close().recover(e -> Future.succeededFuture());
          return closed.transform(x -> outcome.succeeded() ? Future.<Void>succeededFuture()
              : Future.<Void>failedFuture(outcome.cause()));
        })
        .onComplete(outcome -> end(outcome.failed() ? TableRun.message(outcome.cause()) : null));
    return finished.future();
  }

  /**
   * Removes the data files earlier runs of an Iceberg source left that no snapshot references (a process
   * killed mid-table leaves its completed files behind); like the upload sweep, a failure only warns.
   */
  private Future<Void> sweepOrphanDataFiles() {
    return new IcebergOrphanFiles(services.vertx(), services.iceberg(), services.store())
        .sweep(source.bucket(), source.tablePrefix(), source.name(), runId)
        .onSuccess(removed -> {
          if (!removed.isEmpty()) {
            log(Level.INFO, "run {}: removed {} data files of earlier runs of {} that no snapshot references", runId,
                removed.size(), source.name());
          }
        })
        .<Void>mapEmpty()
        .recover(e -> {
          log(Level.WARN, "run {}: could not sweep orphan data files: {}", runId, TableRun.causes(e));
          return Future.succeededFuture();
        });
  }

  private Future<Void> runTables(Source opened, List<TableSchema> schemas) {
    for (TableSchema schema : schemas) {
      tables.put(schema.table(), new TableStatus(schema.table(), State.RUNNING, 0, 0, List.of(), null, List.of(), null));
    }
    int lanes = Math.max(1, Math.min(services.config().ingest().tableParallelism(), schemas.size()));
    int[] next = {0};
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      all.add(lane(opened, schemas, next));
    }
    return Future.join(all).mapEmpty();
  }

  /** Takes the next table until none is left. */
  private Future<Void> lane(Source opened, List<TableSchema> schemas, int[] next) {
    if (next[0] >= schemas.size()) {
      return Future.succeededFuture();
    }
    TableSchema schema = schemas.get(next[0]++);
    String name = schema.table();
    if (cancelled != null) {
      tableFailed(name, cancelled, 0, 0);
      return lane(opened, schemas, next);
    }
    TableRun table = new TableRun(services, source, opened, schema, runId, startedAt, mode,
        warning -> publish(Type.TABLE_WARNING, name, 0, 0, warning));
    running.put(name, table);
    tableStarts.put(name, System.nanoTime());
    // The estimate arrives while the table runs (its progress events carry none until then); the table's
    // end waits for it, so table-done always has it when the statistics do.
    Future<Void> estimated = opened.estimateRows(schema).<Void>map(n -> {
      if (n >= 0) {
        estimates.put(name, n);
      }
      return null;
    }).recover(e -> {
      log(Level.DEBUG, "run {}: no row estimate for {}: {}", runId, name, TableRun.message(e));
      return Future.succeededFuture();
    });
    publish(Type.TABLE_STARTED, name, 0, 0, null);
    return table.run().transform(outcome -> estimated.transform(x -> {
      running.remove(name);
      lastProgress.remove(name);
      if (outcome.succeeded()) {
        TableStatus done = outcome.result();
        tables.put(name, done);
        publish(Type.TABLE_DONE, name, done.rows(), done.bytes(),
            done.objects().size() + " objects" + (done.watermark() == null ? "" : ", watermark " + done.watermark())
                + (done.cursors() > 1 ? ", read by " + done.cursors() + " cursors under one snapshot" : ""));
      } else {
        tableFailed(name, TableRun.message(outcome.cause()), table.rows(), table.bytes());
      }
      return lane(opened, schemas, next);
    }));
  }

  private void tableFailed(String name, String cause, long rows, long bytes) {
    TableStatus before = tables.get(name);
    tables.put(name, new TableStatus(name, State.FAILED, rows, bytes, List.of(), null,
        before == null ? List.of() : before.warnings(), cause));
    log(Level.WARN, "run {}: table {} failed: {}", runId, name, cause);
    publish(Type.TABLE_FAILED, name, rows, bytes, "table " + name + " failed: " + cause);
  }

  private void end(String runError) {
    services.vertx().cancelTimer(progressTimer);
    RunBookkeeping.Outcome outcome = RunBookkeeping.outcome(runError, tables.values(), cancelled, onRequest);
    state = outcome.state();
    error = outcome.error();
    endedAt = Instant.now();
    RunStatus last = status();
    writeManifest(last)
        .onComplete(written -> {
          RunStatus result = last;
          if (written.failed()) {
            log(Level.WARN, "run {}: could not write its manifest: {}", runId, TableRun.message(written.cause()));
            state = State.FAILED;
            error = (error == null ? "" : error + "; ") + "the run manifest was not written: "
                + TableRun.message(written.cause());
            result = status();
          }
          long rows = result.tables().stream().mapToLong(TableStatus::rows).sum();
          long bytes = result.tables().stream().mapToLong(TableStatus::bytes).sum();
          long millis = Duration.between(startedAt, endedAt).toMillis();
          if (result.state() == State.SUCCEEDED) {
            log(Level.INFO, "run {} succeeded: {} tables, {} rows, {} bytes in {} ms", runId, result.tables().size(),
                rows, bytes, millis);
          } else if (result.state() == State.CANCELLED) {
            log(Level.INFO, "run {} cancelled after {} ms: {}", runId, millis, result.error());
          } else {
            log(Level.WARN, "run {} failed after {} ms: {}", runId, millis, result.error());
          }
          publish(switch (result.state()) {
            case SUCCEEDED -> Type.RUN_DONE;
            case CANCELLED -> Type.RUN_CANCELLED;
            default -> Type.RUN_FAILED;
          }, null, rows, bytes, result.error());
          finished.complete(result);
        });
  }

  /**
   * Logs about this run with its id in the MDC ({@code runId}, docs/operations.md "Logs"). Set around the
   * call only: the MDC is per thread, and one event loop runs the callbacks of many runs.
   */
  private void log(Level level, String format, Object... arguments) {
    try (var ignored = MDC.putCloseable("runId", runId)) {
      LOG.atLevel(level).log(format, arguments);
    }
  }

  /** Writes the run's manifest after every write asked for before: the last one asked for lands last. */
  private Future<Void> writeManifest(RunStatus status) {
    manifestWrittenAt = System.nanoTime();
    manifestWrites = manifestWrites.transform(previous ->
        services.store().putJson(source.bucket(), LakeLayout.runManifestKey(runId), status.toJson()));
    return manifestWrites;
  }

  /**
   * Publishes {@code table-progress} for each table that moved since the last tick, and {@code table-waiting}
   * once for a table that did not move for a whole tick while its cursor was paused on credits: the lake
   * writer (or the store behind it) is what holds the table back, not the database.
   */
  private void publishProgress() {
    if (endedAt == null && manifestWrites.isComplete()
        && System.nanoTime() - manifestWrittenAt >= HEARTBEAT_INTERVAL_MS * 1_000_000) {
      writeManifest(status()).onFailure(e ->
          log(Level.WARN, "run {}: could not refresh its manifest: {}", runId, TableRun.message(e)));
    }
    running.forEach((name, table) -> {
      long rows = table.rows();
      long bytes = table.bytes();
      // rows, bytes, and 1 once this stall was reported
      long[] last = lastProgress.computeIfAbsent(name, n -> new long[3]);
      if (rows != last[0] || bytes != last[1]) {
        last[0] = rows;
        last[1] = bytes;
        last[2] = 0;
        publish(Type.TABLE_PROGRESS, name, rows, bytes, null);
      } else if (last[2] == 0 && table.waitingForWriter()) {
        last[2] = 1;
        publish(Type.TABLE_WAITING, name, rows, bytes,
            "the source is paused: the lake writer holds every credit (the store is slow or unreachable)");
      }
    });
  }

  /**
   * Table events carry the table's estimate and elapsed time; run events the run's elapsed time and the sum
   * of the estimates once every table has one.
   */
  private void publish(Type type, String table, long rows, long bytes, String message) {
    long now = System.nanoTime();
    long estimate;
    long elapsedMs;
    if (table != null) {
      estimate = estimates.getOrDefault(table, ProgressEvent.UNKNOWN);
      Long started = tableStarts.get(table);
      elapsedMs = started == null ? ProgressEvent.UNKNOWN : (now - started) / 1_000_000;
    } else {
      boolean all = !tables.isEmpty() && tables.keySet().stream().allMatch(estimates::containsKey);
      estimate = all ? tables.keySet().stream().mapToLong(estimates::get).sum() : ProgressEvent.UNKNOWN;
      elapsedMs = (now - runStart) / 1_000_000;
    }
    ProgressEvent event = new ProgressEvent(runId, source.name(), type, table, rows, bytes, estimate, elapsedMs,
        message, Instant.now());
    services.vertx().eventBus().publish(IngestAddresses.PROGRESS, event.toJson());
  }
}
