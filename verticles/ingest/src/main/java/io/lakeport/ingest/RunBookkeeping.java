package io.lakeport.ingest;

import io.lakeport.lake.TableState;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import io.lakeport.schema.TableSchema;
import io.lakeport.store.LakeLayout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bookkeeping of a run as plain functions of what was committed before and what the run read: whether an
 * incremental run continues the committed table, the watermark its commit records, the next JSON Lines table
 * state and the snapshot folders it leaves behind, and the run's outcome from its tables. {@link TableRun}
 * and {@link IngestRun} do the I/O around these; the rules live here so they are tested without a store.
 */
final class RunBookkeeping {

  private RunBookkeeping() {
  }

  /**
   * Whether the run continues what is committed (appends to the JSON Lines snapshot, upserts into the Iceberg
   * table) instead of replacing it with every row: only an incremental run, after a commit, whose watermark
   * column is the one the commit recorded.
   */
  static boolean continuesCommitted(RunMode mode, String column, boolean committed, String committedColumn) {
    return mode == RunMode.INCREMENTAL && committed && column != null && column.equals(committedColumn);
  }

  /**
   * The warning of an incremental run that cannot continue the committed table because its watermark column
   * changed, or null; {@code instead} says what the run does (e.g. "this run starts a new snapshot with every
   * row").
   */
  static String watermarkColumnChange(RunMode mode, String column, boolean committed, String committedColumn,
                                      String instead) {
    if (mode != RunMode.INCREMENTAL || !committed || continuesCommitted(mode, column, true, committedColumn)) {
      return null;
    }
    return "the watermark column changed from " + committedColumn + " to " + column + ": " + instead;
  }

  /**
   * The watermark a commit records: the largest value the run read; when it read none, the committed one if
   * the run continued the table (an empty incremental run keeps its place), else none (a full run of an
   * empty table starts over).
   */
  static String nextWatermark(String runMaximum, boolean continues, String committedWatermark) {
    if (runMaximum != null) {
      return runMaximum;
    }
    return continues ? committedWatermark : null;
  }

  /**
   * A JSON Lines commit: the {@code dt} partitions the run wrote (for the catalog) and the table state that
   * follows the commit.
   */
  record JsonlCommit(List<String> runDays, TableState state) {
  }

  /**
   * The commit of a JSON Lines table run: the run wrote into {@code snapshotId} (the committed one when it
   * appends); the state keeps the {@code keepSnapshots - 1} snapshots that were current before, newest first.
   */
  static JsonlCommit jsonlCommit(TableState previous, boolean appends, String snapshotId, TableSchema schema,
                                 String lakeTable, String engineTable, String column, String watermark,
                                 boolean wroteObjects, String runId, Instant runStart, RunMode mode,
                                 int keepSnapshots, Instant now) {
    String day = LocalDate.ofInstant(runStart, ZoneOffset.UTC).toString();
    List<String> runDays = wroteObjects ? List.of(day) : List.of();
    Set<String> snapshotDays = new LinkedHashSet<>(appends ? previous.days() : List.of());
    snapshotDays.addAll(runDays);
    List<String> previousSnapshots = new ArrayList<>();
    if (previous != null) {
      if (!previous.snapshotId().equals(snapshotId)) {
        previousSnapshots.add(previous.snapshotId());
      }
      previousSnapshots.addAll(previous.previousSnapshots());
    }
    int keepPrevious = Math.max(0, keepSnapshots - 1);
    List<String> kept = List.copyOf(previousSnapshots.subList(0, Math.min(keepPrevious, previousSnapshots.size())));
    TableState state = new TableState(lakeTable, engineTable, snapshotId, kept, List.copyOf(snapshotDays), column,
        watermark, schema, runId, mode, now);
    return new JsonlCommit(runDays, state);
  }

  /**
   * The snapshot folders of the table (as listed under its prefix) that the committed state no longer keeps:
   * every snapshot but the current one and the kept previous ones, so folders left by failed full runs go
   * too. Folders that are not snapshots are never named.
   */
  static List<String> snapshotFoldersToDrop(TableState state, Collection<String> folders) {
    String empty = LakeLayout.snapshotPrefix(state.table(), "");
    String marker = empty.substring(0, empty.length() - 1);
    Set<String> keep = new LinkedHashSet<>(state.previousSnapshots());
    keep.add(state.snapshotId());
    return folders.stream()
        .filter(folder -> folder.startsWith(marker) && folder.endsWith("/"))
        .filter(folder -> !keep.contains(folder.substring(marker.length(), folder.length() - 1)))
        .toList();
  }

  /** How a run ended: its state and, unless it succeeded, the reason. */
  record Outcome(State state, String error) {
  }

  /**
   * The outcome of a run from its own failure (discovery, the source: null when none), its tables and its
   * cancel: a cancel a client asked for ends CANCELLED with its reason; otherwise any failure, of the run or
   * of a table, fails it with every reason in order.
   */
  static Outcome outcome(String runFailure, Collection<TableStatus> tables, String cancelReason,
                         boolean cancelRequested) {
    if (cancelReason != null && cancelRequested) {
      return new Outcome(State.CANCELLED, cancelReason);
    }
    List<String> failures = new ArrayList<>();
    if (runFailure != null) {
      failures.add(runFailure);
    }
    tables.stream().filter(t -> t.state() == State.FAILED)
        .forEach(t -> failures.add("table " + t.table() + " failed: " + t.error()));
    return failures.isEmpty() ? new Outcome(State.SUCCEEDED, null) : new Outcome(State.FAILED, String.join("; ", failures));
  }
}
