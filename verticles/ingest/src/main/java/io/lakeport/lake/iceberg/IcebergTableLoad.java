package io.lakeport.lake.iceberg;

import io.lakeport.lake.LakeWriteException;
import io.vertx.core.buffer.Buffer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One table's run into the Iceberg lake: chunks of JSON lines become Parquet data files, then one commit
 * either replaces the table's rows (full) or upserts them by key (incremental): rows of the batch replace the
 * table's rows with the same key through <b>position deletes</b> (no equality deletes, which Athena does
 * not document reading), found by reading the key columns of only the data files whose key statistics
 * overlap the batch's key range. The run's watermark is a property of the snapshot it commits, so it
 * advances exactly with the data.
 *
 * <p>Blocking: every method runs on the table's own worker (virtual) thread, one call at a time.
 */
public final class IcebergTableLoad {

  /** Snapshot summary properties Lakeport writes with each commit. */
  public static final String WATERMARK = "lakeport.watermark";
  public static final String WATERMARK_COLUMN = "lakeport.watermark-column";
  public static final String RUN_ID = "lakeport.run-id";

  private final IcebergCatalog.TableWrite write;
  private final LakeFileIO io;
  private final JsonLineRecords records;
  private final RollingDataWriter writer;
  private final List<String> keys;
  private final Set<List<Object>> batchKeys;
  private final String runId;

  /**
   * @param keys   the key columns (lake names) an upsert matches on; null for a full replace or an append
   */
  public IcebergTableLoad(IcebergCatalog.TableWrite write, LakeFileIO io, RollingDataWriter.Limits limits,
                          List<String> keys, String runId) {
    this.write = write;
    this.io = io;
    this.records = new JsonLineRecords(write.schema());
    this.keys = keys;
    this.batchKeys = keys == null ? null : new HashSet<>();
    this.runId = runId;
    String prefix = write.dataLocation() + "/" + runId + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    this.writer = new RollingDataWriter(write.schema(), write.sortOrder(), limits,
        n -> io.newOutputFile(prefix + String.format("%05d", n) + ".parquet"));
  }

  /**
   * The summary (watermark, its column, run id) of the newest snapshot Lakeport committed in the table's current
   * history; null for a table without snapshots. Snapshots an engine committed since (Trino's {@code optimize}, a
   * {@code DELETE}) carry none of Lakeport's properties and change no watermark, so they are looked through; a
   * table no Lakeport run ever committed answers its current snapshot's summary (no watermark).
   */
  public static Map<String, String> committedState(Table table) {
    Snapshot current = table == null ? null : table.currentSnapshot();
    if (current == null) {
      return null;
    }
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (snapshot.summary().containsKey(RUN_ID)) {
        return snapshot.summary();
      }
    }
    return current.summary();
  }

  /** Writes the rows of one chunk of JSON lines. */
  public void write(Buffer chunk) {
    try {
      writeLines(chunk);
    } catch (RuntimeException e) {
      throw LakeWriteException.storeFailureIn(e);
    }
  }

  private void writeLines(Buffer chunk) {
    records.parseLines(chunk.getBytes(), record -> {
      if (batchKeys != null) {
        batchKeys.add(key(record, keys));
      }
      writer.write(record);
    });
  }

  public long rows() {
    return writer.rows();
  }

  /** The schema the load writes (the table's, with the source's changes merged in). */
  public Schema schema() {
    return write.schema();
  }

  /** The summary of the snapshot this load started from (null for a new or empty table). */
  public Map<String, String> baseSummary() {
    return committedState(write.baseTable());
  }

  /** Closes the open data file; the files the run wrote. */
  public List<DataFile> finish() {
    try {
      return writer.finish();
    } catch (RuntimeException e) {
      throw LakeWriteException.storeFailureIn(e);
    }
  }

  /** Full run: the table's rows become exactly {@code files}, with the schema change, in one snapshot. */
  public long commitReplace(List<DataFile> files, String watermarkColumn, String watermark) {
    write.commitReplace(files, summary(runId, watermarkColumn, watermark));
    return write.committedSnapshotId();
  }

  /**
   * Incremental run: adds {@code files} and deletes, by position, every older row whose key is in the batch;
   * without keys, only adds. One snapshot either way.
   */
  public long commitUpsert(List<DataFile> files, String watermarkColumn, String watermark) {
    List<DeleteFile> deletes = batchKeys == null || batchKeys.isEmpty() ? List.of() : positionDeletes();
    write.commitDelta(files, deletes, summary(runId, watermarkColumn, watermark));
    return write.committedSnapshotId();
  }

  /**
   * On any failure before the commit: deletes the data files written (as far as the store lets it: what it
   * refuses stays as orphan files, which no snapshot names) and returns the open file, whose upload the
   * caller aborts (null when none is open).
   */
  public LakeFileIO.LakeOutputFile discard(List<DataFile> written) {
    LakeFileIO.LakeOutputFile open = writer.detachOpenFile();
    List<String> paths = new ArrayList<>();
    writer.completed().forEach(f -> paths.add(f.location()));
    written.forEach(f -> paths.add(f.location()));
    for (String path : new HashSet<>(paths)) {
      try {
        io.deleteFile(path);
      } catch (RuntimeException e) {
        // The store is failing (often the reason for the discard); the file is unreferenced either way.
      }
    }
    return open;
  }

  /** The summary properties of a Lakeport commit: its run, and the watermark column and value when there are. */
  static Map<String, String> summary(String runId, String watermarkColumn, String watermark) {
    Map<String, String> summary = new java.util.LinkedHashMap<>();
    summary.put(RUN_ID, runId);
    if (watermarkColumn != null) {
      summary.put(WATERMARK_COLUMN, watermarkColumn);
    }
    if (watermark != null) {
      summary.put(WATERMARK, watermark);
    }
    return summary;
  }

  /** The values of {@code keys} in a row read from the source; a null in a key column is an error. */
  static List<Object> key(Record record, List<String> keys) {
    List<Object> key = new ArrayList<>(keys.size());
    for (String column : keys) {
      Object value = record.getField(column);
      if (value == null) {
        throw new IllegalArgumentException("key column " + column + " is null in a row of the batch");
      }
      key.add(value);
    }
    return key;
  }

  /**
   * The batch's range of the first key column, for the scan to skip files by their statistics; all files
   * when the column's type has no such literal here (dates, timestamps: the records hold java.time values).
   */
  private Expression keyRange(Types.NestedField first) {
    Comparator<Object> order;
    switch (first.type().typeId()) {
      case INTEGER, LONG, STRING, DECIMAL -> {
        @SuppressWarnings("unchecked")
        Comparator<Object> typed = (Comparator<Object>) (Comparator<?>) Comparators.forType(first.type().asPrimitiveType());
        order = typed;
      }
      default -> {
        return Expressions.alwaysTrue();
      }
    }
    Object min = null;
    Object max = null;
    for (List<Object> key : batchKeys) {
      Object v = key.getFirst();
      min = min == null || order.compare(v, min) < 0 ? v : min;
      max = max == null || order.compare(v, max) > 0 ? v : max;
    }
    return Expressions.and(Expressions.greaterThanOrEqual(first.name(), min),
        Expressions.lessThanOrEqual(first.name(), max));
  }

  /**
   * The positions, in the table's current data files, of rows whose key is in the batch. Only files whose
   * statistics on the first key column overlap the batch's range are read, and of those only the key columns.
   */
  private List<DeleteFile> positionDeletes() {
    Table base = write.baseTable();
    if (base == null || base.currentSnapshot() == null) {
      return List.of();
    }
    Expression range = keyRange(base.schema().findField(keys.getFirst()));
    return PositionDeletes.write(base, keys, range, batchKeys::contains, io, deleteFile(write, io, runId)).files();
  }

  /** A new position delete file of the run, beside its data files. */
  static LakeFileIO.LakeOutputFile deleteFile(IcebergCatalog.TableWrite write, LakeFileIO io, String runId) {
    return io.newOutputFile(write.dataLocation() + "/" + runId + "-"
        + UUID.randomUUID().toString().substring(0, 8) + "-deletes.parquet");
  }
}
