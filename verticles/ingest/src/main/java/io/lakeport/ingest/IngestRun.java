package io.lakeport.ingest;

import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.ingest.ProgressEvent.Type;
import io.lakeport.ingest.RunStatus.State;
import io.lakeport.ingest.RunStatus.TableStatus;
import io.lakeport.lake.LakeLayout;
import io.lakeport.schema.TableSchema;
import io.lakeport.source.Source;
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

  private final IngestServices services;
  private final SourceConfig source;
  private final String runId;
  private final RunMode mode;
  private final List<String> requestedTables;
  private final Instant startedAt;
  private final Map<String, TableStatus> tables = new LinkedHashMap<>();
  private final Map<String, TableRun> running = new LinkedHashMap<>();
  private final Map<String, long[]> lastProgress = new LinkedHashMap<>();
  private final Promise<RunStatus> finished = Promise.promise();

  private State state = State.RUNNING;
  private Instant endedAt;
  private String error;
  private String cancelled;
  private long progressTimer = -1;

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

  /** Stops the run: tables in progress are aborted, tables not started are not started. */
  void cancel(String reason) {
    if (cancelled == null) {
      cancelled = reason;
      List.copyOf(running.values()).forEach(t -> t.cancel(reason));
    }
  }

  /** Runs to the end; the returned future (also {@link #finished()}) never fails. */
  Future<RunStatus> execute() {
    publish(Type.RUN_STARTED, null, 0, 0, mode.wire() + " run of " + source.name());
    progressTimer = services.vertx().setPeriodic(PROGRESS_INTERVAL_MS, t -> publishProgress());
    Source[] opened = new Source[1];
    services.store().putJson(source.bucket(), LakeLayout.runManifestKey(runId), status().toJson())
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
        .compose(v -> {
          opened[0] = services.sources().create(services.vertx(), source, services.config().ingest());
          return opened[0].discover(requestedTables)
              .recover(e -> Future.failedFuture("discovery failed: " + TableRun.message(e)));
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
    publish(Type.TABLE_STARTED, name, 0, 0, null);
    return table.run().transform(outcome -> {
      running.remove(name);
      lastProgress.remove(name);
      if (outcome.succeeded()) {
        TableStatus done = outcome.result();
        tables.put(name, done);
        publish(Type.TABLE_DONE, name, done.rows(), done.bytes(),
            done.objects().size() + " objects" + (done.watermark() == null ? "" : ", watermark " + done.watermark()));
      } else {
        tableFailed(name, TableRun.message(outcome.cause()), table.rows(), table.bytes());
      }
      return lane(opened, schemas, next);
    });
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
    List<String> failures = new ArrayList<>();
    if (runError != null) {
      failures.add(runError);
    }
    tables.values().stream().filter(t -> t.state() == State.FAILED)
        .forEach(t -> failures.add("table " + t.table() + " failed: " + t.error()));
    state = failures.isEmpty() ? State.SUCCEEDED : State.FAILED;
    error = failures.isEmpty() ? null : String.join("; ", failures);
    endedAt = Instant.now();
    RunStatus last = status();
    services.store().putJson(source.bucket(), LakeLayout.runManifestKey(runId), last.toJson())
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
          } else {
            log(Level.WARN, "run {} failed after {} ms: {}", runId, millis, result.error());
          }
          publish(result.state() == State.SUCCEEDED ? Type.RUN_DONE : Type.RUN_FAILED, null, rows, bytes,
              result.error());
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

  private void publishProgress() {
    running.forEach((name, table) -> {
      long rows = table.rows();
      long bytes = table.bytes();
      long[] last = lastProgress.computeIfAbsent(name, n -> new long[2]);
      if (rows != last[0] || bytes != last[1]) {
        last[0] = rows;
        last[1] = bytes;
        publish(Type.TABLE_PROGRESS, name, rows, bytes, null);
      }
    });
  }

  private void publish(Type type, String table, long rows, long bytes, String message) {
    ProgressEvent event = new ProgressEvent(runId, source.name(), type, table, rows, bytes, message, Instant.now());
    services.vertx().eventBus().publish(IngestAddresses.PROGRESS, event.toJson());
  }
}
