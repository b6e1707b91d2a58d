package io.lakeport.ingest;

import io.lakeport.run.RunMode;
import io.lakeport.catalog.CatalogException;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig.LakeConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.config.LakeportConfig.TableFormat;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import io.lakeport.ingest.transfer.ChunkReceiver;
import io.lakeport.ingest.transfer.ChunkSender;
import io.lakeport.ingest.transfer.ChunkSink;
import io.lakeport.ingest.transfer.TransferEnd;
import io.lakeport.ingest.transfer.TransferException;
import io.lakeport.ingest.transfer.TransferProtocol;
import io.lakeport.lake.LakeJanitor;
import io.lakeport.store.LakeLayout;
import io.lakeport.lake.LakeObjectWriter;
import io.lakeport.lake.LakeStore;
import io.lakeport.lake.ObjectFormat;
import io.lakeport.lake.TableState;
import io.lakeport.lake.iceberg.IcebergCatalog;
import io.lakeport.lake.iceberg.IcebergKeyDeletes;
import io.lakeport.lake.iceberg.IcebergLake;
import io.lakeport.lake.iceberg.IcebergSchemas;
import io.lakeport.lake.iceberg.IcebergTableLoad;
import io.lakeport.lake.iceberg.IcebergWorker;
import io.lakeport.schema.LakeNames;
import io.lakeport.schema.TableSchema;
import io.lakeport.schema.ZonedColumns;
import io.lakeport.source.Source;
import io.lakeport.source.TableReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One table of a run, start to commit: read the table's state, open the source cursor (after the
 * committed watermark when incremental), transfer the chunks over the event bus to a lake writer, and only
 * once the objects are complete publish them to the catalog and then write the new table state. A failure
 * at any step before the state is written deletes the objects this run wrote, so the table stays as the
 * last committed run left it: same snapshot, same watermark.
 */
final class TableRun {

  private final IngestServices services;
  private final SourceConfig source;
  private final Source reader;
  private final TableSchema schema;
  private final String runId;
  private final Instant runStart;
  private final RunMode mode;
  private final String lakeTable;
  private final String engineTable;
  private final Consumer<String> warn;
  private final List<String> warnings = new ArrayList<>();

  private ChunkSender sender;
  private ChunkReceiver<List<String>> receiver;
  private String cancelled;

  TableRun(IngestServices services, SourceConfig source, Source reader, TableSchema schema, String runId,
           Instant runStart, RunMode mode, Consumer<String> warn) {
    this.services = services;
    this.source = source;
    this.reader = reader;
    this.schema = schema;
    this.runId = runId;
    this.runStart = runStart;
    this.mode = mode;
    this.lakeTable = LakeNames.sanitize(schema.table());
    this.engineTable = source.tablePrefix() + lakeTable;
    this.warn = warn;
  }

  String table() {
    return schema.table();
  }

  long rows() {
    return sender == null ? 0 : sender.rowsRead();
  }

  long bytes() {
    return sender == null ? 0 : sender.bytesSent();
  }

  /** True while the source's cursor is paused because the lake writer holds every credit. */
  boolean waitingForWriter() {
    return sender != null && sender.waitingForCredits();
  }

  /** Stops the table: its transfer is aborted and nothing of it is committed. */
  void cancel(String reason) {
    if (cancelled != null) {
      return;
    }
    cancelled = reason;
    if (receiver != null) {
      receiver.cancel(new TransferException(reason));
    } else if (sender != null) {
      sender.cancel(reason);
    }
  }

  Future<TableStatus> run() {
    schema.warnings().forEach(this::warning);
    LakeStore store = services.store();
    if (mode == RunMode.DELETES) {
      return runIcebergDeletes();
    }
    String column = source.watermarks().get(schema.table());
    if (mode == RunMode.INCREMENTAL && column == null) {
      return Future.failedFuture(new WatermarkColumnMissingException(source.name(), schema.table()));
    }
    if (source.format() == TableFormat.ICEBERG) {
      return runIceberg(column);
    }
    return store.getJson(source.bucket(), LakeLayout.tableStateKey(lakeTable))
        .map(json -> json == null ? null : TableState.fromJson(json))
        .compose(previous -> {
          String committedColumn = previous == null ? null : previous.watermarkColumn();
          boolean appends = RunBookkeeping.continuesCommitted(mode, column, previous != null, committedColumn);
          warnIfNotNull(RunBookkeeping.watermarkColumnChange(mode, column, previous != null, committedColumn,
              "this run starts a new snapshot with every row"));
          String snapshotId = appends ? previous.snapshotId() : runId;
          String after = appends ? previous.watermark() : null;
          if (cancelled != null) {
            return Future.failedFuture(new RunCancelledException(cancelled));
          }
          return reader.open(schema, column, after)
              .compose(cursor -> transfer(cursor, snapshotId))
              .compose(result -> commit(previous, appends, snapshotId, column, result));
        });
  }

  private record Transferred(TransferEnd end, List<String> objects) {
  }

  private Future<Transferred> transfer(TableReader cursor, String snapshotId) {
    LakeConfig lake = services.config().lake();
    LakeObjectWriter writer = new LakeObjectWriter(services.vertx(), services.store().s3(), source.bucket(),
        seq -> LakeLayout.objectKey(lakeTable, snapshotId, runId, runStart, seq, lake.gzip()),
        ObjectFormat.of(lake.gzip()),
        new LakeObjectWriter.Limits(Math.toIntExact(lake.partSizeBytes()), lake.partsInFlight(), lake.maxObjectBytes()),
        services.janitor());
    return transfer(cursor, new WriterSink(writer), this::deleteObjects);
  }

  /**
   * Streams the cursor's chunks over the bus into {@code sink}; on failure, what the sink reported written
   * is handed to {@code discard} and the run fails with the first real cause.
   */
  private Future<Transferred> transfer(TableReader cursor, ChunkSink<List<String>> sink,
                                       Function<List<String>, Future<Void>> discard) {
    String address = TransferProtocol.newTransferAddress();
    sender = new ChunkSender(services.vertx(), address, cursor);
    receiver = new ChunkReceiver<>(services.vertx(), address, services.config().ingest().credits(), sink);
    if (cancelled != null) {
      receiver.cancel(new TransferException(cancelled));
      cursor.close();
      return Future.failedFuture(new RunCancelledException(cancelled));
    }
    Future<Void> started = sender.start().compose(v -> receiver.start());
    started.onFailure(e -> {
      sender.cancel("could not start the transfer: " + e.getMessage());
      receiver.cancel(e);
    });
    return Future.join(sender.outcome(), receiver.outcome()).transform(x -> {
      if (sender.outcome().succeeded() && receiver.outcome().succeeded()) {
        return Future.succeededFuture(new Transferred(sender.outcome().result(), receiver.outcome().result()));
      }
      Throwable cause = sender.outcome().failed() && !(sender.outcome().cause() instanceof TransferException)
          ? sender.outcome().cause()
          : receiver.outcome().failed() ? receiver.outcome().cause() : sender.outcome().cause();
      List<String> written = receiver.outcome().succeeded() ? receiver.outcome().result() : List.of();
      return discard.apply(written).transform(d -> Future.failedFuture(cause));
    });
  }

  private Future<TableStatus> commit(TableState previous, boolean appends, String snapshotId, String column,
                                     Transferred result) {
    if (cancelled != null) {
      return deleteObjects(result.objects()).transform(x -> Future.failedFuture(new RunCancelledException(cancelled)));
    }
    result.end().warnings().forEach(this::warning);
    String watermark = RunBookkeeping.nextWatermark(result.end().maxWatermark(), appends,
        appends ? previous.watermark() : null);
    RunBookkeeping.JsonlCommit plan = RunBookkeeping.jsonlCommit(previous, appends, snapshotId, schema, lakeTable,
        engineTable, column, watermark, !result.objects().isEmpty(), runId, runStart, mode,
        services.config().lake().keepSnapshots(), Instant.now());
    TableState state = plan.state();
    // For the catalog, a run that starts a snapshot switches readers to it, whatever the run's mode.
    RunMode publishMode = appends ? RunMode.INCREMENTAL : RunMode.FULL;
    CommittedTable committed = new CommittedTable(source.bucket(), engineTable, schema, snapshotId, plan.runDays(),
        publishMode, services.config().lake().gzip(), ZonedColumns.of(schema, source.kind()), null);
    return services.catalog().publish(committed)
        .recover(e -> deleteObjects(result.objects()).transform(x -> Future.failedFuture(
            new CatalogException("the catalog did not accept " + engineTable + ": " + message(e), e))))
        // From here readers may see the data: the state follows it, never precedes it.
        .compose(v -> services.store().putJson(source.bucket(), LakeLayout.tableStateKey(lakeTable), state.toJson()))
        .compose(v -> dropOldSnapshots(state).recover(e -> {
          warning("old snapshots were not deleted: " + message(e));
          return Future.succeededFuture();
        }))
        .map(v -> new TableStatus(schema.table(), State.SUCCEEDED, result.end().rows(), result.end().bytes(),
            result.objects(), watermark, warnings, null).withCursors(result.end().cursors()));
  }

  /**
   * Deletes the snapshot folders the state no longer keeps ({@link RunBookkeeping#snapshotFoldersToDrop}:
   * the state's list, since run ids of one second do not sort by time). Only this run writes the table, so
   * no snapshot in the making is touched.
   */
  private Future<Void> dropOldSnapshots(TableState state) {
    LakeStore store = services.store();
    String bucket = source.bucket();
    return store.listFolders(bucket, LakeLayout.tablePrefix(lakeTable)).compose(folders -> {
      Future<Void> chain = Future.succeededFuture();
      for (String folder : RunBookkeeping.snapshotFoldersToDrop(state, folders)) {
        chain = chain.compose(v -> store.deletePrefix(bucket, folder));
      }
      return chain;
    });
  }

  private Future<Void> deleteObjects(List<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return services.janitor().run("delete " + keys.size() + " objects of failed table " + schema.table(),
        () -> LakeStore.deleteKeys(services.store().s3(), services.vertx().getOrCreateContext(), source.bucket(), keys))
        .recover(e -> Future.succeededFuture());
  }

  /**
   * The iceberg format: the table's current snapshot says what was committed (watermark column and value in
   * its summary); the run writes Parquet data files and commits one snapshot, a replace for a full run, an
   * upsert by key for an incremental one. Nothing is visible, and the watermark does not move, before that
   * commit; any failure before it aborts the open upload and deletes the run's files.
   */
  private Future<TableStatus> runIceberg(String column) {
    IcebergLake lake = services.iceberg();
    IcebergWorker worker = new IcebergWorker(services.vertx().getOrCreateContext(), engineTable);
    TableIdentifier id = lake.identifier(engineTable);
    List<String> keys = source.keys().getOrDefault(schema.table(), schema.primaryKey());
    Future<TableStatus> status = lake.catalog().compose(catalog -> worker.run(() -> {
      Map<String, String> committed = IcebergTableLoad.committedState(catalog.load(id));
      IcebergCatalog.TableWrite write = catalog.begin(id, IcebergSchemas.of(schema, source.kind()), schema.primaryKey(),
          IcebergLake.location(source.bucket(), lakeTable));
      return new IcebergStart(write, committed);
    })).compose(start -> {
      String previousColumn = start.committed() == null ? null : start.committed().get(IcebergTableLoad.WATERMARK_COLUMN);
      boolean upserts = RunBookkeeping.continuesCommitted(mode, column, start.committed() != null, previousColumn);
      warnIfNotNull(RunBookkeeping.watermarkColumnChange(mode, column, start.committed() != null, previousColumn,
          "this run replaces the table with every row"));
      if (upserts && keys.isEmpty()) {
        warning("no primary key or sources." + source.name() + ".keys." + schema.table()
            + ": the incremental run appends, so a row updated in the source appears twice");
      }
      String after = upserts ? start.committed().get(IcebergTableLoad.WATERMARK) : null;
      IcebergTableLoad load = new IcebergTableLoad(start.write(), lake.io(), lake.limits(),
          upserts && !keys.isEmpty() ? keys : null, runId);
      IcebergSink sink = new IcebergSink(worker, load, services.janitor());
      if (cancelled != null) {
        return Future.failedFuture(new RunCancelledException(cancelled));
      }
      return reader.open(schema, column, after)
          .compose(cursor -> transfer(cursor, sink, written -> sink.discard(new TransferException("the transfer failed"))))
          .compose(result -> commitIceberg(worker, load, sink, upserts, column, result));
    });
    return status.onComplete(x -> worker.close());
  }

  /**
   * Delete detection (format iceberg): the source's key columns alone go through the same transfer as rows
   * (cursor, credits, bus), and the lake rows whose key the source no longer holds are deleted in one snapshot
   * ({@link IcebergKeyDeletes}); a table not in the lake yet has nothing to compare. The engine view needs no
   * change: it reads the table's current snapshot.
   */
  private Future<TableStatus> runIcebergDeletes() {
    List<String> keys = source.keys().getOrDefault(schema.table(), schema.primaryKey());
    if (keys.isEmpty()) {
      return Future.failedFuture(new KeyColumnsMissingException(source.name(), schema.table()));
    }
    IcebergLake lake = services.iceberg();
    IcebergWorker worker = new IcebergWorker(services.vertx().getOrCreateContext(), engineTable);
    TableIdentifier id = lake.identifier(engineTable);
    Future<TableStatus> status = lake.catalog().compose(catalog -> worker.run(() -> {
      IcebergCatalog.TableWrite write = catalog.beginExisting(id);
      return write == null ? null : new IcebergKeyDeletes(write, lake.io(), keys, runId);
    })).compose(detection -> {
      if (detection == null) {
        warning("the lake has no table " + engineTable + " yet, so nothing to compare: a full run creates it");
        return Future.succeededFuture(new TableStatus(schema.table(), State.SUCCEEDED, 0, 0, List.of(), null,
            warnings, null));
      }
      if (cancelled != null) {
        return Future.failedFuture(new RunCancelledException(cancelled));
      }
      KeySink sink = new KeySink(worker, detection);
      return reader.open(schema.project(keys), null, null)
          .compose(cursor -> transfer(cursor, sink, written -> Future.succeededFuture()))
          .compose(result -> cancelled != null ? Future.failedFuture(new RunCancelledException(cancelled))
              : worker.run(detection::commit)
              .recover(e -> Future.failedFuture(new CatalogException("the Iceberg catalog did not accept the deletes of "
                  + engineTable + ": " + causes(e), e)))
              .map(outcome -> new TableStatus(schema.table(), State.SUCCEEDED, result.end().rows(), result.end().bytes(),
                  List.of(), null, warnings, null, outcome.deletedRows(), result.end().cursors())));
    });
    return status.onComplete(x -> worker.close());
  }

  /**
   * Points the engine table readers query at the Iceberg table (a view; the API's queries are unchanged).
   * The snapshot is committed by now: a failure here fails the table but loses nothing, the next run
   * publishes the view again.
   */
  private Future<Long> publishIcebergView(IcebergTableLoad load, long snapshot) {
    IcebergLake lake = services.iceberg();
    CommittedTable.IcebergTable iceberg = new CommittedTable.IcebergTable(lake.config().trinoCatalog(),
        lake.config().namespace(), engineTable, IcebergLake.location(source.bucket(), lakeTable),
        LocalDate.now(ZoneOffset.UTC).toString());
    // The table's own types decide which of the view's columns are instants (the view selects the source's columns).
    List<String> zoned = IcebergSchemas.zonedColumns(load.schema()).stream()
        .filter(name -> schema.columns().stream().anyMatch(c -> c.lakeName().equals(name))).toList();
    CommittedTable committed = new CommittedTable(source.bucket(), engineTable, schema, runId, List.of(),
        RunMode.FULL, false, zoned, iceberg);
    return services.catalog().publish(committed)
        .recover(e -> Future.failedFuture(new CatalogException("snapshot " + snapshot + " of " + engineTable
            + " is committed, but the engine view over it was not updated: " + message(e), e)))
        .map(snapshot);
  }

  private record IcebergStart(IcebergCatalog.TableWrite write, Map<String, String> committed) {
  }

  private Future<TableStatus> commitIceberg(IcebergWorker worker, IcebergTableLoad load, IcebergSink sink,
                                            boolean upserts, String column, Transferred result) {
    if (cancelled != null) {
      return sink.discard(new TransferException(cancelled)).transform(x -> Future.failedFuture(new RunCancelledException(cancelled)));
    }
    result.end().warnings().forEach(this::warning);
    String watermark = RunBookkeeping.nextWatermark(result.end().maxWatermark(), upserts,
        upserts ? sink.previousWatermark() : null);
    return worker.run(() -> upserts ? load.commitUpsert(sink.files(), column, watermark)
            : load.commitReplace(sink.files(), column, watermark))
        .recover(e -> sink.discard(e).transform(x -> Future.failedFuture(
            new CatalogException("the Iceberg catalog did not accept " + engineTable + ": " + causes(e), e))))
        .compose(snapshot -> publishIcebergView(load, snapshot))
        .map(snapshot -> new TableStatus(schema.table(), State.SUCCEEDED, result.end().rows(), result.end().bytes(),
            result.objects(), watermark, warnings, null).withCursors(result.end().cursors()));
  }

  private void warning(String text) {
    warnings.add(text);
    warn.accept(text);
  }

  private void warnIfNotNull(String text) {
    if (text != null) {
      warning(text);
    }
  }

  /** The messages of a failure and its causes, each once: Iceberg wraps the JDBC or S3 error that says why. */
  static String causes(Throwable e) {
    LinkedHashSet<String> messages = new LinkedHashSet<>();
    for (Throwable t = e; t != null && messages.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
      messages.add(message(t));
    }
    return String.join(": ", messages);
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** The Iceberg table load as the receiving end of a transfer: each chunk is encoded on the table's worker. */
  private static final class IcebergSink implements ChunkSink<List<String>> {
    private final IcebergWorker worker;
    private final IcebergTableLoad load;
    private final LakeJanitor janitor;
    private List<org.apache.iceberg.DataFile> files = List.of();
    private boolean discarded;

    IcebergSink(IcebergWorker worker, IcebergTableLoad load, LakeJanitor janitor) {
      this.worker = worker;
      this.load = load;
      this.janitor = janitor;
    }

    List<org.apache.iceberg.DataFile> files() {
      return files;
    }

    /** An incremental run that read no new row keeps the committed watermark. */
    String previousWatermark() {
      Map<String, String> summary = load.baseSummary();
      return summary == null ? null : summary.get(IcebergTableLoad.WATERMARK);
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      return worker.execute(() -> load.write(chunk));
    }

    @Override
    public Future<List<String>> end(TransferEnd end) {
      return worker.run(() -> {
        files = load.finish();
        return files.stream().map(org.apache.iceberg.DataFile::location).toList();
      });
    }

    @Override
    public Future<Void> abort(Throwable cause) {
      return discard(cause);
    }

    Future<Void> discard(Throwable cause) {
      if (discarded) {
        return Future.succeededFuture();
      }
      discarded = true;
      return worker.run(() -> load.discard(files)).compose(open -> open == null ? Future.succeededFuture()
          : janitor.run("abort the upload of " + open.location(), () -> open.abortAsync(cause)))
          .recover(e -> Future.succeededFuture());
    }
  }

  /** A delete detection as the receiving end of a transfer: each chunk of keys is taken on the table's worker. */
  private record KeySink(IcebergWorker worker, IcebergKeyDeletes detection) implements ChunkSink<List<String>> {
    @Override
    public Future<Void> write(Buffer chunk) {
      return worker.execute(() -> detection.write(chunk));
    }

    @Override
    public Future<List<String>> end(TransferEnd end) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> abort(Throwable cause) {
      // Nothing was written: the keys are in memory only.
      return Future.succeededFuture();
    }
  }

  /** The lake writer as the receiving end of a transfer. */
  private record WriterSink(LakeObjectWriter writer) implements ChunkSink<List<String>> {
    @Override
    public Future<Void> write(Buffer chunk) {
      return writer.write(chunk);
    }

    @Override
    public Future<List<String>> end(TransferEnd end) {
      return writer.finish();
    }

    @Override
    public Future<Void> abort(Throwable cause) {
      return writer.abort(cause);
    }
  }
}
