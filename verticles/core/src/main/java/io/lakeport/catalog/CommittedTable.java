package io.lakeport.catalog;

import io.lakeport.run.RunMode;
import io.lakeport.schema.TableSchema;

import java.util.List;

/**
 * A table whose data a run has just committed to the lake.
 *
 * @param bucket      the source's bucket
 * @param engineTable the name readers query, e.g. {@code ms1_usuarios} (source table prefix + table)
 * @param schema      the source schema with lake column names and types
 * @param snapshotId  the snapshot the run wrote into (see {@link io.lakeport.store.LakeLayout})
 * @param days        the {@code dt} partition values the run wrote (yyyy-MM-dd)
 * @param mode        full runs switch readers to {@code snapshotId}; incremental runs add partitions to it
 * @param gzip        whether objects are {@code .jsonl.gz}
 */
public record CommittedTable(String bucket, String engineTable, TableSchema schema, String snapshotId,
                             List<String> days, RunMode mode, boolean gzip, IcebergTable iceberg) {
  public CommittedTable {
    days = List.copyOf(days);
  }

  /** A JSON Lines commit (format jsonl). */
  public CommittedTable(String bucket, String engineTable, TableSchema schema, String snapshotId, List<String> days,
                        RunMode mode, boolean gzip) {
    this(bucket, engineTable, schema, snapshotId, days, mode, gzip, null);
  }

  /**
   * The Iceberg table a format iceberg commit wrote, which the engine already reads through its Iceberg
   * catalog; the engine table readers query becomes a view over it.
   *
   * @param catalog       the engine's catalog of the Iceberg tables (Trino: {@code iceberg})
   * @param namespace     the Iceberg namespace (engine schema) of the table
   * @param table         the Iceberg table's name
   * @param location      where its files live
   * @param zonedColumns  {@code timestamptz} columns, which the view turns into UTC {@code timestamp(6)} as the
   *                      JSON Lines tables have them, so readers see the same types whichever format
   * @param committedDay  the day (yyyy-MM-dd, UTC) of the snapshot's commit: the view's {@code dt}
   */
  public record IcebergTable(String catalog, String namespace, String table, String location,
                             List<String> zonedColumns, String committedDay) {
    public IcebergTable {
      zonedColumns = List.copyOf(zonedColumns);
    }
  }
}
