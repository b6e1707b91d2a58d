package io.lakeport.catalog;

import io.lakeport.store.LakeLayout;
import io.lakeport.schema.Column;

import java.util.List;
import java.util.regex.Pattern;

/** SQL text pieces both dialects share: query-syntax literals and identifiers, and the view's query. */
final class DialectSql {

  private static final Pattern CONFIGURED_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

  private DialectSql() {
  }

  /** A string literal in query syntax (Trino, and Athena's queries and views): single quotes, doubled. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A quoted identifier in query syntax: double quotes, doubled inside. */
  static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A LIKE pattern matching {@code prefix} literally, for use with {@code ESCAPE '\'}. */
  static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%";
  }

  /** The upkeep retention comes from configuration, which checks it too; a statement never gets less than a day. */
  static int checkRetentionDays(int retentionDays) {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("lake.iceberg.upkeep.retentionDays must be at least 1, got " + retentionDays);
    }
    return retentionDays;
  }

  /** Catalog and schema names come from configuration; say which key is wrong. */
  static String checkName(String configKey, String name) {
    if (name == null || !CONFIGURED_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(configKey + " '" + name
          + "' is not usable as an engine name: expected lower-case a-z, 0-9 and _, not starting with a digit");
    }
    return name;
  }

  /** The query of a view over an Iceberg table: its columns, zoned timestamps in UTC, and the commit day. */
  static String icebergViewQuery(TableDefinition table, CommittedTable.IcebergTable iceberg, String qualifiedTable) {
    // varchar, not the literal's varchar(10): the JSON Lines views' dt is a varchar partition key.
    String day = "CAST(" + literal(TableDefinition.parseDay(iceberg.committedDay()).toString()) + " AS varchar) AS "
        + quoted(LakeLayout.DAY_KEY);
    return icebergQuery(table.columns().stream().map(Column::lakeName).toList(), table.zonedColumns(), day,
        qualifiedTable);
  }

  /**
   * The one home of the select list over an Iceberg table, shared by its view and by reads of it at a
   * snapshot ({@link IcebergSource#queryAtSnapshot}): {@code columns} in order, the {@code zoned} ones (Iceberg
   * {@code timestamptz}) as {@code timestamp(6) with time zone} in UTC, then {@code extra} (a select item, or
   * null for none), from {@code from} (a qualified table, with a time-travel clause where one is read).
   */
  static String icebergQuery(List<String> columns, List<String> zoned, String extra, String from) {
    StringBuilder sql = new StringBuilder("SELECT\n");
    for (int i = 0; i < columns.size(); i++) {
      String name = quoted(columns.get(i));
      sql.append("  ").append(zoned.contains(columns.get(i)) ? name + " AT TIME ZONE 'UTC' AS " + name : name)
          .append(extra != null || i < columns.size() - 1 ? ",\n" : "\n");
    }
    if (extra != null) {
      sql.append("  ").append(extra).append('\n');
    }
    sql.append("FROM ").append(from);
    return sql.toString();
  }

  /** The view's query: the data columns and the day, from one snapshot of the physical table. */
  static String viewQuery(TableDefinition table, String qualifiedPhysical, String snapshotId) {
    StringBuilder sql = new StringBuilder("SELECT\n");
    for (Column column : table.columns()) {
      String name = quoted(column.lakeName());
      // A zoned column's text is UTC without a zone (Hive's timestamp has none): the view names the zone.
      sql.append("  ").append(table.zonedColumns().contains(column.lakeName())
          ? "with_timezone(" + name + ", 'UTC') AS " + name : name).append(",\n");
    }
    sql.append("  ").append(quoted(LakeLayout.DAY_KEY)).append('\n')
        .append("FROM ").append(qualifiedPhysical).append('\n')
        .append("WHERE ").append(quoted(LakeLayout.SNAPSHOT_KEY)).append(" = ")
        .append(literal(TableDefinition.checkSnapshotId(snapshotId)));
    return sql.toString();
  }
}
