package io.lakeport.catalog;

import io.lakeport.ingest.RunMode;
import io.lakeport.schema.TableSchema;

import java.util.List;

/**
 * A table whose data a run has just committed to the lake.
 *
 * @param bucket      the source's bucket
 * @param engineTable the name readers query, e.g. {@code ms1_usuarios} (source table prefix + table)
 * @param schema      the source schema with lake column names and types
 * @param snapshotId  the snapshot the run wrote into (see {@link io.lakeport.lake.LakeLayout})
 * @param days        the {@code dt} partition values the run wrote (yyyy-MM-dd)
 * @param mode        full runs switch readers to {@code snapshotId}; incremental runs add partitions to it
 * @param gzip        whether objects are {@code .jsonl.gz}
 */
public record CommittedTable(String bucket, String engineTable, TableSchema schema, String snapshotId,
                             List<String> days, RunMode mode, boolean gzip) {
  public CommittedTable {
    days = List.copyOf(days);
  }
}
