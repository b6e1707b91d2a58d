package io.lakeport.catalog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Iceberg table behind a lake view, as the view's comment records it ({@link ViewComment}): what a read
 * of the table as it was at an instant queries, since the view itself only ever shows the current snapshot.
 *
 * @param catalog      the engine's catalog of the Iceberg tables (Trino: {@code iceberg})
 * @param namespace    the Iceberg namespace (engine schema)
 * @param table        the Iceberg table's name
 * @param zonedColumns the {@code timestamptz} columns, which the view answers as {@code timestamp(6) with time zone} in UTC
 */
public record IcebergSource(String catalog, String namespace, String table, List<String> zonedColumns) {

  /** Names Lakeport writes (configured catalog and namespace, engine table names): lower case, no quotes. */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,199}");
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  public IcebergSource {
    zonedColumns = List.copyOf(zonedColumns);
    for (String name : List.of(catalog, namespace, table)) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not an Iceberg catalog, namespace or table name Lakeport writes");
      }
    }
  }

  /** The source of the view a format iceberg commit publishes over {@code iceberg} for {@code table}. */
  static IcebergSource of(CommittedTable.IcebergTable iceberg, TableDefinition table) {
    return new IcebergSource(iceberg.catalog(), iceberg.namespace(), iceberg.table(), table.zonedColumns());
  }

  /** {@code "catalog"."namespace"."table"}. */
  public String qualifiedName() {
    return DialectSql.quoted(catalog) + "." + DialectSql.quoted(namespace) + "." + DialectSql.quoted(table);
  }

  /**
   * The table's {@code columns} (lake names, in the view's order) with the view's column expressions, as
   * snapshot {@code snapshotId} holds them ({@code FOR VERSION AS OF}, which Trino and Athena engine v3 both
   * take): what a read that named that snapshot reads on every page.
   */
  public String queryAtSnapshot(List<String> columns, long snapshotId) {
    return DialectSql.icebergQuery(columns, zonedColumns, null, qualifiedName() + " FOR VERSION AS OF " + snapshotId);
  }

  /**
   * The snapshot a read of the table names and pins, one row of its id (as text: 64-bit) and commit time: the
   * current snapshot (the last one made current), or with {@code atOrBefore} the one that was current at that
   * instant, as {@code FOR TIMESTAMP AS OF} would read it; no row when the table's history starts later.
   * Reads the {@code $history} and {@code $snapshots} metadata tables (Trino and Athena engine v3 both have them).
   */
  public String snapshotQuery(Instant atOrBefore) {
    return "SELECT CAST(h.snapshot_id AS varchar) AS snapshot_id, s.committed_at FROM " + metadataTable("history")
        + " h JOIN " + metadataTable("snapshots") + " s ON s.snapshot_id = h.snapshot_id"
        + (atOrBefore == null ? "" : " WHERE h.made_current_at <= " + timestampLiteral(atOrBefore))
        + " ORDER BY h.made_current_at DESC LIMIT 1";
  }

  private String metadataTable(String name) {
    return DialectSql.quoted(catalog) + "." + DialectSql.quoted(namespace) + "." + DialectSql.quoted(table + "$" + name);
  }

  /**
   * The table's snapshots, newest first, at most {@code limit}: id and parent as text (64-bit ids), commit time,
   * operation, and the summary's added rows, deleted rows and position deletes (null where the commit says
   * nothing). Reads the table's {@code $snapshots} metadata table (Trino and Athena engine v3 both have it).
   */
  public String snapshotsQuery(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return "SELECT CAST(snapshot_id AS varchar) AS snapshot_id, committed_at, operation,"
        + " CAST(parent_id AS varchar) AS parent_id,"
        + " CAST(element_at(summary, 'added-records') AS bigint) AS added_rows,"
        + " CAST(element_at(summary, 'deleted-records') AS bigint) AS deleted_rows,"
        + " CAST(element_at(summary, 'added-position-deletes') AS bigint) AS deleted_positions"
        + " FROM " + metadataTable("snapshots") + " ORDER BY committed_at DESC, snapshot_id DESC LIMIT " + limit;
  }

  /** {@code TIMESTAMP '2026-12-01 10:00:00.000000 UTC'}: built from an instant, never from request text. */
  static String timestampLiteral(Instant instant) {
    return "TIMESTAMP '" + MICROS.format(instant.truncatedTo(ChronoUnit.MICROS)) + " UTC'";
  }
}
