package io.lakeport.catalog;

import io.lakeport.schema.LakeType;

import java.util.List;

/**
 * The statements {@link EngineCatalog} runs, in one engine's SQL: the same steps for every engine, different
 * spelling (quoting, type names, how a partition is registered). Statements are built from names the
 * catalog has checked ({@link TableDefinition}) and literals escaped for the dialect, never from raw input.
 *
 * <p>Queries the catalog reads results from answer fixed columns, documented on each method.
 */
public sealed interface CatalogDialect permits TrinoHiveDialect, AthenaDialect {

  /** Short name for golden files, logs and errors: {@code trino} or {@code athena}. */
  String name();

  /** The engine's name for the schema (database) that holds Lakeport's tables. */
  String schema();

  /** Creates the schema when it is missing. */
  String createSchema();

  /** Creates the physical table (partitioned by snapshot and day, external, JSON) when it is missing. */
  String createTable(TableDefinition table);

  /** Answers one column, {@code table_name}: the physical tables behind {@code table}'s view, any fingerprint. */
  String listPhysicalTables(TableDefinition table);

  /** Answers one column, {@code dt}: the days registered for {@code snapshotId} in {@code physicalTable}. */
  String listPartitionDays(String physicalTable, String snapshotId);

  /**
   * Registers the given days of a snapshot in the physical table, idempotently (registering a registered
   * partition changes nothing). When {@link #registersByListing()}, the statements register every partition
   * found under the table's location, the given days among them, and may be run with no days at all.
   */
  List<String> registerPartitions(TableDefinition table, String snapshotId, List<String> days);

  /**
   * Whether {@link #registerPartitions} finds partitions by listing the table's location, so that a new
   * physical table gets the partitions an older one had without being told which.
   */
  boolean registersByListing();

  /** Points the view at one snapshot of the physical table: the switch readers see, atomic in the engine. */
  String createOrReplaceView(TableDefinition table, String snapshotId);

  /**
   * Points the view at an Iceberg table the engine reads through its own Iceberg catalog: the same columns
   * and types as a JSON Lines view (zoned timestamps as UTC {@code timestamp(6) with time zone}, {@code dt} the commit day),
   * so readers see no difference between formats; the table's snapshots do the switching.
   */
  String createOrReplaceIcebergView(TableDefinition table, CommittedTable.IcebergTable iceberg);

  /**
   * The upkeep of one Iceberg table, in order: compaction of small data files (when {@code optimize}), expiry
   * of snapshots older than {@code retentionDays}, removal of files no snapshot references. Where the engine
   * takes the retention from the table's properties instead (Athena), {@code retentionDays} is not used.
   */
  List<String> icebergUpkeep(IcebergSource table, boolean optimize, int retentionDays);

  /** Drops a physical table that no view uses any more; its data stays (it is external). */
  String dropTable(String physicalTable);

  /**
   * Answers {@code table_name, column_name, data_type, comment} for every column of every view in the
   * schema, ordered by table and column position; the comment is the view's {@link ViewComment} text, or
   * null where the engine keeps no view comments.
   */
  String listViewColumns();

  /** The column type as this dialect's DDL spells it. */
  String columnType(LakeType type);
}
