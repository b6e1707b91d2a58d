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
 * @param zonedColumns the {@code timestamp} columns that hold instants (PostgreSQL {@code timestamptz}, MySQL
 *                    {@code TIMESTAMP}, Mongo dates), stored in UTC: the view answers them as UTC
 *                    {@code timestamp(6) with time zone}, while the other timestamps stay zone-less local
 *                    date-times, as the source has them
 * @param iceberg     the Iceberg table a format iceberg commit wrote (null: format jsonl)
 */
public record CommittedTable(String bucket, String engineTable, TableSchema schema, String snapshotId,
                             List<String> days, RunMode mode, boolean gzip, List<String> zonedColumns,
                             IcebergTable iceberg) {
  public CommittedTable {
    days = List.copyOf(days);
    zonedColumns = List.copyOf(zonedColumns);
  }

  /** A JSON Lines commit (format jsonl) of a table whose timestamps, if any, are all zone-less. */
  public CommittedTable(String bucket, String engineTable, TableSchema schema, String snapshotId, List<String> days,
                        RunMode mode, boolean gzip) {
    this(bucket, engineTable, schema, snapshotId, days, mode, gzip, List.of(), null);
  }

  /**
   * The Iceberg table a format iceberg commit wrote, which the engine already reads through its Iceberg
   * catalog; the engine table readers query becomes a view over it.
   *
   * @param catalog       the engine's catalog of the Iceberg tables (Trino: {@code iceberg})
   * @param namespace     the Iceberg namespace (engine schema) of the table
   * @param table         the Iceberg table's name
   * @param location      where its files live
   * @param committedDay  the day (yyyy-MM-dd, UTC) of the snapshot's commit: the view's {@code dt}
   */
  public record IcebergTable(String catalog, String namespace, String table, String location, String committedDay) {
  }
}
