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
 * Amazon Athena with the Glue Data Catalog. Two syntaxes meet here: DDL ({@code CREATE EXTERNAL TABLE},
 * {@code ALTER TABLE}, {@code DROP TABLE}, {@code CREATE DATABASE}) is Hive's, with backtick-quoted
 * identifiers, Hive type names and backslash escapes in string literals; queries and views are Trino's,
 * with double quotes. Tables use the OpenX JSON SerDe; docs/catalog.md says why, and why byte and JSON
 * columns are declared {@code string} here.
 */
public record AthenaDialect(String schema) implements CatalogDialect {

  static final String SERDE = "org.openx.data.jsonserde.JsonSerDe";

  /** Athena refuses DDL over 256 KiB; 100 partitions of ~150 bytes each stay far below. */
  private static final int PARTITIONS_PER_STATEMENT = 100;

  /**
   * Hive DDL's names. Athena reads Hive timestamps at millisecond precision: the lake's microseconds are cut.
   * The OpenX SerDe has no binary support, so base64 text stays text (from_base64() decodes it); and with no
   * JSON type in Hive tables, the SerDe gives a string column the nested JSON's text.
   */
  private static final HiveColumnTypes TYPES = new HiveColumnTypes("int", "string", "timestamp", "string", "string",
      "array<%s>", "struct<%s>", AthenaDialect::ddlName, ":", ",");

  public AthenaDialect {
    DialectSql.checkName("engine.schema", schema);
  }

  @Override
  public String name() {
    return "athena";
  }

  @Override
  public String createSchema() {
    return "CREATE DATABASE IF NOT EXISTS " + ddlName(schema);
  }

  @Override
  public String createTable(TableDefinition table) {
    StringBuilder sql = new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(ddlQualified(table.physical()))
        .append(" (\n");
    List<Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      sql.append("  ").append(ddlName(column.lakeName())).append(' ').append(columnType(column.type()))
          .append(i < columns.size() - 1 ? ",\n" : "\n");
    }
    sql.append(")\n")
        .append("PARTITIONED BY (\n")
        .append("  ").append(ddlName(LakeLayout.SNAPSHOT_KEY)).append(" string,\n")
        .append("  ").append(ddlName(LakeLayout.DAY_KEY)).append(" string\n")
        .append(")\n")
        .append("ROW FORMAT SERDE ").append(hiveLiteral(SERDE)).append('\n')
        .append("LOCATION ").append(hiveLiteral(table.location()));
    return sql.toString();
  }

  @Override
  public String listPhysicalTables(TableDefinition table) {
    return "SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = " + literal(schema)
        + " AND table_type = 'BASE TABLE'"
        + " AND table_name LIKE " + literal(likePrefix(table.physicalPrefix())) + " ESCAPE '\\'";
  }

  @Override
  public String listPartitionDays(String physicalTable, String snapshotId) {
    return "SELECT " + quoted(LakeLayout.DAY_KEY) + " FROM " + quoted(schema) + "." + quoted(physicalTable + "$partitions")
        + " WHERE " + quoted(LakeLayout.SNAPSHOT_KEY) + " = " + literal(TableDefinition.checkSnapshotId(snapshotId));
  }

  @Override
  public List<String> registerPartitions(TableDefinition table, String snapshotId, List<String> days) {
    TableDefinition.checkSnapshotId(snapshotId);
    List<String> statements = new ArrayList<>();
    for (int from = 0; from < days.size(); from += PARTITIONS_PER_STATEMENT) {
      StringBuilder sql = new StringBuilder("ALTER TABLE ").append(ddlQualified(table.physical()))
          .append(" ADD IF NOT EXISTS");
      for (String day : days.subList(from, Math.min(days.size(), from + PARTITIONS_PER_STATEMENT))) {
        sql.append("\n  PARTITION (")
            .append(ddlName(LakeLayout.SNAPSHOT_KEY)).append(" = ").append(hiveLiteral(snapshotId)).append(", ")
            .append(ddlName(LakeLayout.DAY_KEY)).append(" = ").append(hiveLiteral(TableDefinition.parseDay(day).toString()))
            .append(") LOCATION ").append(hiveLiteral(table.partitionLocation(snapshotId, day)));
      }
      statements.add(sql.toString());
    }
    return statements;
  }

  @Override
  public boolean registersByListing() {
    return false;
  }

  @Override
  public String createOrReplaceView(TableDefinition table, String snapshotId) {
    // Athena views take no comment, so listViewColumns reports no location, key or JSON columns.
    return "CREATE OR REPLACE VIEW " + quoted(schema) + "." + quoted(table.view()) + " AS\n"
        + DialectSql.viewQuery(table, quoted(schema) + "." + quoted(table.physical()), snapshotId);
  }

  @Override
  public String createOrReplaceIcebergView(TableDefinition table, CommittedTable.IcebergTable iceberg) {
    // Athena reads Iceberg tables of the Glue catalog (lake.iceberg.catalog: glue commits them there), but
    // the view readers query over such a table is not written yet (docs/athena.md).
    throw new UnsupportedOperationException("format iceberg with Athena: the table is committed in the Glue "
        + "catalog, but Lakeport does not publish Athena views over Iceberg tables yet; use format jsonl for "
        + table.view());
  }

  /**
   * Athena's {@code OPTIMIZE ... REWRITE DATA USING BIN_PACK} and {@code VACUUM}, which expires snapshots and
   * removes orphan files by the table's own properties ({@code vacuum_max_snapshot_age_seconds},
   * {@code vacuum_min_snapshots_to_keep}; docs/athena.md), so {@code retentionDays} is not used.
   */
  @Override
  public List<String> icebergUpkeep(IcebergSource table, boolean optimize, int retentionDays) {
    DialectSql.checkRetentionDays(retentionDays);
    String name = quoted(table.namespace()) + "." + quoted(table.table());
    return optimize
        ? List.of("OPTIMIZE " + name + " REWRITE DATA USING BIN_PACK", "VACUUM " + name)
        : List.of("VACUUM " + name);
  }

  @Override
  public String dropTable(String physicalTable) {
    return "DROP TABLE IF EXISTS " + ddlQualified(physicalTable);
  }

  @Override
  public String listViewColumns() {
    return "SELECT c.table_name, c.column_name, c.data_type, CAST(NULL AS varchar) AS comment\n"
        + "FROM information_schema.columns c\n"
        + "JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name\n"
        + "WHERE c.table_schema = " + literal(schema) + "\n"
        + "ORDER BY c.table_name, c.ordinal_position";
  }

  @Override
  public String columnType(LakeType type) {
    return TYPES.of(type);
  }

  private String ddlQualified(String table) {
    return ddlName(schema) + "." + ddlName(table);
  }

  /** A Hive DDL identifier: backticks, a backtick inside doubled. */
  static String ddlName(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** A Hive DDL string literal: single quotes, with backslash escapes (Hive does not double quotes). */
  static String hiveLiteral(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
