package io.lakeport.catalog;

import io.lakeport.store.LakeLayout;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;

import java.util.ArrayList;
import java.util.List;

import static io.lakeport.catalog.DialectSql.likePrefix;
import static io.lakeport.catalog.DialectSql.literal;
import static io.lakeport.catalog.DialectSql.quoted;

/**
 * Trino's Hive connector: {@code format = 'OPENX_JSON'} external tables, partitions found with
 * {@code system.sync_partition_metadata}, views stored in the metastore.
 *
 * <p>What the catalog needs from the Hive catalog properties (the local stack and compose set it):
 * {@code hive.timestamp-precision=MICROSECONDS}, since the lake keeps microseconds and Trino refuses a
 * {@code timestamp(6)} column otherwise.
 */
public record TrinoHiveDialect(String catalog, String schema) implements CatalogDialect {

  /**
   * Trino's names. The Hive connector only accepts its configured timestamp precision, and the lake keeps
   * microseconds; the OpenX reader decodes base64 text into bytes, and hands nested JSON to a varchar column
   * as its JSON text (Hive tables have no JSON type).
   */
  private static final HiveColumnTypes TYPES = new HiveColumnTypes("integer", "varchar", "timestamp(6)", "varbinary",
      "varchar", "array(%s)", "row(%s)", DialectSql::quoted, " ", ", ");

  public TrinoHiveDialect {
    DialectSql.checkName("engine.trino.catalog", catalog);
    DialectSql.checkName("engine.schema", schema);
  }

  @Override
  public String name() {
    return "trino";
  }

  @Override
  public String createSchema() {
    // No location: Lakeport's tables are all external, each with its own, so the schema needs none.
    return "CREATE SCHEMA IF NOT EXISTS " + quoted(catalog) + "." + quoted(schema);
  }

  @Override
  public String createTable(TableDefinition table) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualified(table.physical()))
        .append(" (\n");
    for (Column column : table.columns()) {
      sql.append("  ").append(quoted(column.lakeName())).append(' ').append(columnType(column.type())).append(",\n");
    }
    sql.append("  ").append(quoted(LakeLayout.SNAPSHOT_KEY)).append(" varchar,\n");
    sql.append("  ").append(quoted(LakeLayout.DAY_KEY)).append(" varchar\n");
    sql.append(")\nWITH (\n")
        .append("  format = 'OPENX_JSON',\n")
        .append("  external_location = ").append(literal(table.location())).append(",\n")
        .append("  partitioned_by = ARRAY[").append(literal(LakeLayout.SNAPSHOT_KEY)).append(", ")
        .append(literal(LakeLayout.DAY_KEY)).append("]\n")
        .append(')');
    return sql.toString();
  }

  @Override
  public String listPhysicalTables(TableDefinition table) {
    return "SELECT table_name FROM " + quoted(catalog) + ".information_schema.tables"
        + " WHERE table_schema = " + literal(schema)
        + " AND table_type = 'BASE TABLE'"
        + " AND table_name LIKE " + literal(likePrefix(table.physicalPrefix())) + " ESCAPE '\\'";
  }

  @Override
  public String listPartitionDays(String physicalTable, String snapshotId) {
    return "SELECT " + quoted(LakeLayout.DAY_KEY) + " FROM " + qualified(physicalTable + "$partitions")
        + " WHERE " + quoted(LakeLayout.SNAPSHOT_KEY) + " = " + literal(TableDefinition.checkSnapshotId(snapshotId));
  }

  /**
   * {@code sync_partition_metadata} in ADD mode: lists the table's location ({@code snapshot=*}, then
   * {@code dt=*} under each; one list request per level and snapshot, whatever the number of objects) and
   * registers what the metastore lacks. Unlike {@code register_partition} it needs no non-default catalog
   * property, and it is idempotent by nature. It also registers partitions of snapshots no view selects,
   * which readers never see.
   */
  @Override
  public List<String> registerPartitions(TableDefinition table, String snapshotId, List<String> days) {
    TableDefinition.checkSnapshotId(snapshotId);
    days.forEach(TableDefinition::parseDay);
    return List.of("CALL " + quoted(catalog) + ".system.sync_partition_metadata(\n"
        + "  schema_name => " + literal(schema) + ",\n"
        + "  table_name => " + literal(table.physical()) + ",\n"
        + "  mode => 'ADD')");
  }

  @Override
  public boolean registersByListing() {
    return true;
  }

  @Override
  public String createOrReplaceView(TableDefinition table, String snapshotId) {
    // The comment carries the snapshot's location, key and JSON columns (see ViewComment) for the catalog listing.
    String location = table.snapshotLocation(TableDefinition.checkSnapshotId(snapshotId));
    return "CREATE OR REPLACE VIEW " + qualified(table.view()) + "\n"
        + "COMMENT " + literal(ViewComment.of(table, location).text()) + " AS\n"
        + DialectSql.viewQuery(table, qualified(table.physical()), snapshotId);
  }

  @Override
  public String createOrReplaceIcebergView(TableDefinition table, CommittedTable.IcebergTable iceberg) {
    String qualifiedTable = quoted(DialectSql.checkName("lake.iceberg.trinoCatalog", iceberg.catalog())) + "."
        + quoted(DialectSql.checkName("lake.iceberg.namespace", iceberg.namespace())) + "." + quoted(iceberg.table());
    return "CREATE OR REPLACE VIEW " + qualified(table.view()) + "\n"
        + "COMMENT " + literal(ViewComment.of(table, iceberg.location(), IcebergSource.of(iceberg, table)).text()) + " AS\n"
        + DialectSql.icebergViewQuery(table, iceberg, qualifiedTable);
  }

  /**
   * Trino's Iceberg table procedures. {@code expire_snapshots} and {@code remove_orphan_files} refuse a
   * threshold under the catalog's {@code iceberg.expire-snapshots.min-retention} and
   * {@code iceberg.remove-orphan-files.min-retention} (7 days unless configured).
   */
  @Override
  public List<String> icebergUpkeep(IcebergSource table, boolean optimize, int retentionDays) {
    String alter = "ALTER TABLE " + table.qualifiedName() + " EXECUTE ";
    String threshold = "(retention_threshold => " + literal(DialectSql.checkRetentionDays(retentionDays) + "d") + ")";
    List<String> statements = new ArrayList<>();
    if (optimize) {
      statements.add(alter + "optimize");
    }
    statements.add(alter + "expire_snapshots" + threshold);
    statements.add(alter + "remove_orphan_files" + threshold);
    return List.copyOf(statements);
  }

  @Override
  public String dropTable(String physicalTable) {
    return "DROP TABLE IF EXISTS " + qualified(physicalTable);
  }

  @Override
  public String listViewColumns() {
    return "SELECT c.table_name, c.column_name, c.data_type, m.comment\n"
        + "FROM " + quoted(catalog) + ".information_schema.columns c\n"
        + "JOIN " + quoted(catalog) + ".information_schema.views v"
        + " ON v.table_schema = c.table_schema AND v.table_name = c.table_name\n"
        + "LEFT JOIN system.metadata.table_comments m"
        + " ON m.catalog_name = " + literal(catalog) + " AND m.schema_name = c.table_schema AND m.table_name = c.table_name\n"
        + "WHERE c.table_schema = " + literal(schema) + "\n"
        + "ORDER BY c.table_name, c.ordinal_position";
  }

  @Override
  public String columnType(LakeType type) {
    return TYPES.of(type);
  }

  private String qualified(String table) {
    return quoted(catalog) + "." + quoted(schema) + "." + quoted(table);
  }
}
