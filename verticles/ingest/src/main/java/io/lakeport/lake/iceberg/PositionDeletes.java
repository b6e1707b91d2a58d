package io.lakeport.lake.iceberg;

import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.TypeUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Row-level deletes by position, the kind Athena documents reading: the key columns of a table's current rows
 * are read (only the data files {@code filter} may match by their column statistics, only the key columns,
 * with the deletes already committed against each file applied), and the position of every row whose key
 * {@code deleted} accepts goes to one position delete file.
 *
 * <p>Blocking: call it on a worker or virtual thread.
 */
final class PositionDeletes {

  /** The delete file written (none when no row matched), and how many positions it holds. */
  record Written(List<DeleteFile> files, long rows) {
  }

  private PositionDeletes() {
  }

  /**
   * @param out where the delete file goes; its upload is aborted on failure, and never started when no row
   *            matched
   */
  static Written write(Table base, List<String> keys, Expression filter, Predicate<List<Object>> deleted,
                       LakeFileIO io, LakeFileIO.LakeOutputFile out) {
    if (base == null || base.currentSnapshot() == null) {
      return new Written(List.of(), 0);
    }
    // The key columns and each row's position in its file, which Iceberg's Parquet reader fills in.
    Schema requested = TypeUtil.join(base.schema().select(keys), new Schema(MetadataColumns.ROW_POSITION));
    PositionDeleteWriter<Record> deletes = null;
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks = base.newScan().useSnapshot(base.currentSnapshot().snapshotId())
        .filter(filter).planFiles()) {
      PositionDelete<Record> delete = PositionDelete.create();
      for (FileScanTask task : tasks) {
        String path = task.file().location();
        // Rows an earlier commit deleted (a replaced version, a row gone from the source, an engine's DELETE)
        // are not rows of the table any more: deleting them again would be a snapshot that changes nothing.
        GenericDeleteFilter committed = new GenericDeleteFilter(io, task, base.schema(), requested);
        Schema read = committed.requiredSchema();
        try (CloseableIterable<Record> records = committed.filter(Parquet.read(io.newInputFile(path)).project(read)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(read, fileSchema)).build())) {
          for (Record record : records) {
            List<Object> key = new ArrayList<>(keys.size());
            for (String column : keys) {
              key.add(record.getField(column));
            }
            if (deleted.test(key)) {
              if (deletes == null) {
                deletes = Parquet.writeDeletes(out).withSpec(PartitionSpec.unpartitioned()).overwrite()
                    .buildPositionWriter();
              }
              deletes.write(delete.set(path, (Long) record.getField(MetadataColumns.ROW_POSITION.name()), null));
              rows++;
            }
          }
        }
      }
      if (deletes == null) {
        return new Written(List.of(), 0);
      }
      deletes.close();
      return new Written(List.of(deletes.toDeleteFile()), rows);
    } catch (IOException e) {
      if (deletes != null) {
        out.abort(e);
      }
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (deletes != null) {
        out.abort(e);
      }
      throw e;
    }
  }
}
