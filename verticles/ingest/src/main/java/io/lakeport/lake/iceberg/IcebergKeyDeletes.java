package io.lakeport.lake.iceberg;

import io.lakeport.lake.LakeWriteException;
import io.vertx.core.buffer.Buffer;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delete detection of one table: the keys the source holds now arrive as chunks of JSON lines of the key
 * columns alone; the table's current rows whose key is not among them are deleted by position (the kind
 * Athena reads), in one snapshot that adds no row. That snapshot carries the committed watermark forward
 * unchanged, so the next incremental run starts where the last one ended.
 *
 * <p>Memory: the source's keys are held as a set until the commit, about 100 bytes a single-column key
 * (docs/lake-format.md); the rows themselves are never held.
 *
 * <p>Blocking: every method runs on the table's own worker (virtual) thread, one call at a time.
 */
public final class IcebergKeyDeletes {

  /** What a detection committed: the snapshot (null when nothing was deleted) and the rows it deleted. */
  public record Outcome(Long snapshotId, long deletedRows) {
  }

  private final IcebergCatalog.TableWrite write;
  private final LakeFileIO io;
  private final List<String> keys;
  private final JsonLineRecords records;
  private final Set<List<Object>> sourceKeys = new HashSet<>();
  private final String runId;

  /**
   * @param write a write of the existing table (its own schema: nothing else changes)
   * @param keys  the key columns (lake names) rows are matched on
   */
  public IcebergKeyDeletes(IcebergCatalog.TableWrite write, LakeFileIO io, List<String> keys, String runId) {
    this.write = write;
    this.io = io;
    this.keys = List.copyOf(keys);
    this.records = new JsonLineRecords(write.schema().select(keys));
    this.runId = runId;
  }

  /** Takes the source keys of one chunk of JSON lines. */
  public void write(Buffer chunk) {
    records.parseLines(chunk.getBytes(), record -> sourceKeys.add(IcebergTableLoad.key(record, keys)));
  }

  /** How many distinct keys the source holds (so far). */
  public long sourceKeys() {
    return sourceKeys.size();
  }

  /**
   * Deletes the lake rows whose key the source does not hold, in one snapshot; commits nothing when there is
   * none. Fails, committing nothing, if another writer committed to the table since the detection began.
   */
  public Outcome commit() {
    Table base = write.baseTable();
    PositionDeletes.Written deletes;
    try {
      deletes = PositionDeletes.write(base, keys, Expressions.alwaysTrue(), key -> !sourceKeys.contains(key), io,
          IcebergTableLoad.deleteFile(write, io, runId));
    } catch (RuntimeException e) {
      throw LakeWriteException.storeFailureIn(e);
    }
    if (deletes.files().isEmpty()) {
      return new Outcome(null, 0);
    }
    // The watermark stays what the last run committed: this snapshot adds no row.
    Map<String, String> committed = IcebergTableLoad.committedState(base);
    Map<String, String> summary = IcebergTableLoad.summary(runId,
        committed == null ? null : committed.get(IcebergTableLoad.WATERMARK_COLUMN),
        committed == null ? null : committed.get(IcebergTableLoad.WATERMARK));
    write.commitDelta(List.of(), deletes.files(), summary);
    return new Outcome(write.committedSnapshotId(), deletes.rows());
  }
}
