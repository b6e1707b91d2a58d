package io.lakeport.ingest;

import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig.LakeConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.ingest.RunStatus.State;
import io.lakeport.ingest.RunStatus.TableStatus;
import io.lakeport.ingest.transfer.ChunkReceiver;
import io.lakeport.ingest.transfer.ChunkSender;
import io.lakeport.ingest.transfer.ChunkSink;
import io.lakeport.ingest.transfer.TransferEnd;
import io.lakeport.ingest.transfer.TransferException;
import io.lakeport.ingest.transfer.TransferProtocol;
import io.lakeport.lake.LakeLayout;
import io.lakeport.lake.LakeObjectWriter;
import io.lakeport.lake.LakeStore;
import io.lakeport.lake.ObjectFormat;
import io.lakeport.lake.TableState;
import io.lakeport.schema.LakeNames;
import io.lakeport.schema.TableSchema;
import io.lakeport.source.Source;
import io.lakeport.source.TableReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

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
    String column = source.watermarks().get(schema.table());
    if (mode == RunMode.INCREMENTAL && column == null) {
      return Future.failedFuture("an incremental run needs a watermark column: set sources." + source.name()
          + ".watermarks." + schema.table());
    }
    return store.getJson(source.bucket(), LakeLayout.tableStateKey(lakeTable))
        .map(json -> json == null ? null : TableState.fromJson(json))
        .compose(previous -> {
          boolean appends = mode == RunMode.INCREMENTAL && previous != null && column.equals(previous.watermarkColumn());
          if (mode == RunMode.INCREMENTAL && previous != null && !appends) {
            warning("the watermark column changed from " + previous.watermarkColumn() + " to " + column
                + ": this run starts a new snapshot with every row");
          }
          String snapshotId = appends ? previous.snapshotId() : runId;
          String after = appends ? previous.watermark() : null;
          if (cancelled != null) {
            return Future.failedFuture(cancelled);
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
    String address = TransferProtocol.newTransferAddress();
    LakeObjectWriter writer = new LakeObjectWriter(services.vertx(), services.store().s3(), source.bucket(),
        seq -> LakeLayout.objectKey(lakeTable, snapshotId, runId, runStart, seq, lake.gzip()),
        ObjectFormat.of(lake.gzip()),
        new LakeObjectWriter.Limits(Math.toIntExact(lake.partSizeBytes()), lake.partsInFlight(), lake.maxObjectBytes()),
        services.janitor());
    sender = new ChunkSender(services.vertx(), address, cursor);
    receiver = new ChunkReceiver<>(services.vertx(), address, services.config().ingest().credits(), new WriterSink(writer));
    if (cancelled != null) {
      receiver.cancel(new TransferException(cancelled));
      cursor.close();
      return Future.failedFuture(cancelled);
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
      return deleteObjects(written).transform(d -> Future.failedFuture(cause));
    });
  }

  private Future<TableStatus> commit(TableState previous, boolean appends, String snapshotId, String column,
                                     Transferred result) {
    if (cancelled != null) {
      return deleteObjects(result.objects()).transform(x -> Future.failedFuture(cancelled));
    }
    result.end().warnings().forEach(this::warning);
    boolean gzip = services.config().lake().gzip();
    String day = LocalDate.ofInstant(runStart, ZoneOffset.UTC).toString();
    List<String> runDays = result.objects().isEmpty() ? List.of() : List.of(day);
    Set<String> snapshotDays = new LinkedHashSet<>(appends ? previous.days() : List.of());
    snapshotDays.addAll(runDays);
    // For the catalog, a run that starts a snapshot switches readers to it, whatever the run's mode.
    RunMode publishMode = appends ? RunMode.INCREMENTAL : RunMode.FULL;
    CommittedTable committed = new CommittedTable(source.bucket(), engineTable, schema, snapshotId, runDays,
        publishMode, gzip);
    String watermark = result.end().maxWatermark() != null ? result.end().maxWatermark()
        : appends ? previous.watermark() : null;
    List<String> previousSnapshots = new ArrayList<>();
    if (previous != null) {
      if (!previous.snapshotId().equals(snapshotId)) {
        previousSnapshots.add(previous.snapshotId());
      }
      previousSnapshots.addAll(previous.previousSnapshots());
    }
    int keepPrevious = services.config().lake().keepSnapshots() - 1;
    List<String> kept = List.copyOf(previousSnapshots.subList(0, Math.min(keepPrevious, previousSnapshots.size())));
    TableState state = new TableState(lakeTable, engineTable, snapshotId, kept, List.copyOf(snapshotDays), column,
        watermark, schema, runId, mode, Instant.now());
    return services.catalog().publish(committed)
        .recover(e -> deleteObjects(result.objects()).transform(x -> Future.failedFuture(
            "the catalog did not accept " + engineTable + ": " + message(e))))
        // From here readers may see the data: the state follows it, never precedes it.
        .compose(v -> services.store().putJson(source.bucket(), LakeLayout.tableStateKey(lakeTable), state.toJson()))
        .compose(v -> dropOldSnapshots(state).recover(e -> {
          warning("old snapshots were not deleted: " + message(e));
          return Future.succeededFuture();
        }))
        .map(v -> new TableStatus(schema.table(), State.SUCCEEDED, result.end().rows(), result.end().bytes(),
            result.objects(), watermark, warnings, null));
  }

  /**
   * Deletes every snapshot of the table but the current one and the {@code keepSnapshots - 1} that were
   * current before it (the state's list: run ids of one second do not sort by time), so folders left by
   * failed full runs go too. Only this run writes the table, so no snapshot in the making is touched.
   */
  private Future<Void> dropOldSnapshots(TableState state) {
    LakeStore store = services.store();
    String bucket = source.bucket();
    String empty = LakeLayout.snapshotPrefix(lakeTable, "");
    String marker = empty.substring(0, empty.length() - 1);
    Set<String> keep = new LinkedHashSet<>(state.previousSnapshots());
    keep.add(state.snapshotId());
    return store.listFolders(bucket, LakeLayout.tablePrefix(lakeTable)).compose(folders -> {
      Future<Void> chain = Future.succeededFuture();
      for (String folder : folders) {
        if (folder.startsWith(marker) && !keep.contains(folder.substring(marker.length(), folder.length() - 1))) {
          chain = chain.compose(v -> store.deletePrefix(bucket, folder));
        }
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

  private void warning(String text) {
    warnings.add(text);
    warn.accept(text);
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
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
