package io.lakeport.api.impl;

import io.lakeport.catalog.IcebergSource;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.SqlParameter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every statement the API's fixed endpoints send, in one place. Values that come from a request are bound
 * as {@link SqlParameter}s ({@code ?}), never spliced into the text; the only things written into the text
 * are the configured schema name, the names of tables and columns the catalog publishes (all quoted as
 * identifiers), column types the catalog reports, row limits the server computed as integers, and for a
 * read as of an instant the Iceberg table the view's comment records with a timestamp literal written from
 * the parsed instant, never from request text ({@link IcebergSource#queryAsOf}).
 */
public final class Queries {

  /** A column compared with a request's value: {@code "column" = placeholder}. */
  record Condition(String column, ColumnValues.Bound value) {
  }

  private final String schema;

  /** @param schema the engine schema (database) the lake tables live in: {@code engine.schema} */
  public Queries(String schema) {
    this.schema = schema;
  }

  /**
   * A keyset page of {@code table}: the {@code projection}'s columns (then the key columns it leaves out,
   * which the caller needs for the next page's token), of the rows meeting every condition whose key comes
   * after {@code afterKey} (one value per key column; all rows when null), in key order, at most {@code rows}
   * of them. JSON text columns are selected as JSON.
   */
  QuerySpec page(LakeTable table, List<String> projection, List<Condition> conditions,
                        List<ColumnValues.Bound> afterKey, int rows) {
    return page(table, projection, conditions, afterKey, rows, null);
  }

  /**
   * The same page of {@code table} as it was at {@code asOf} (the current rows when null): the table's
   * Iceberg snapshot at that instant, read with the view's own column expressions
   * ({@link IcebergSource#queryAsOf}), so its columns and types are the view's.
   *
   * @throws IllegalStateException for an instant on a table without snapshots (the caller refuses those first)
   */
  QuerySpec page(LakeTable table, List<String> projection, List<Condition> conditions,
                 List<ColumnValues.Bound> afterKey, int rows, Instant asOf) {
    List<String> where = new ArrayList<>();
    List<SqlParameter> parameters = new ArrayList<>();
    for (Condition condition : conditions) {
      where.add(quote(condition.column()) + " = " + condition.value().placeholder());
      parameters.add(condition.value().parameter());
    }
    if (afterKey != null) {
      where.add(after(table.key(), afterKey, parameters));
    }
    List<String> selected = new ArrayList<>(projection);
    table.key().stream().filter(k -> !projection.contains(k)).forEach(selected::add);
    String sql = "SELECT " + columnList(table, selected) + " FROM " + source(table, asOf)
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY " + table.key().stream().map(Queries::quote).collect(Collectors.joining(", "))
        + " LIMIT " + rows;
    return new QuerySpec(sql, parameters, null);
  }

  /**
   * Rows whose key comes after {@code values} in key order: {@code k1 > v1} for one column, and for a
   * composite key {@code (k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...)}. Key columns are a primary key's, so
   * never null.
   */
  private static String after(List<String> key, List<ColumnValues.Bound> values, List<SqlParameter> parameters) {
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      List<String> terms = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        terms.add(quote(key.get(j)) + " = " + values.get(j).placeholder());
        parameters.add(values.get(j).parameter());
      }
      terms.add(quote(key.get(i)) + " > " + values.get(i).placeholder());
      parameters.add(values.get(i).parameter());
      alternatives.add(terms.size() == 1 ? terms.getFirst() : "(" + String.join(" AND ", terms) + ")");
    }
    return alternatives.size() == 1 ? alternatives.getFirst() : "(" + String.join(" OR ", alternatives) + ")";
  }

  /**
   * The dashboard's figures in one statement and one row: one aggregate per table (a single scan each;
   * {@code histogram} counts by value), cross-joined. Column names are what {@code DashboardHandler} reads.
   * The dashboard is the demo's own figures, so it alone names the demo tables and their columns.
   */
  public QuerySpec dashboard() {
    String pending = "('emitida', 'parcial', 'vencida')";
    String sql = "SELECT * FROM "
        + "(SELECT count(*) AS usuarios_total, count_if(\"activo\") AS usuarios_activos FROM " + table("ms1_usuarios") + ") u"
        + " CROSS JOIN (SELECT count(*) AS productos_total, histogram(\"categoria\") AS productos_por_categoria FROM "
        + table("ms1_productos") + ") pr"
        + " CROSS JOIN (SELECT count(*) AS pedidos_total,"
        + " coalesce(sum(\"total\") FILTER (WHERE \"estado\" NOT IN ('cancelado', 'devuelto')), 0) AS pedidos_ingresos,"
        + " histogram(\"estado\") AS pedidos_por_estado FROM " + table("ms1_pedidos") + ") pe"
        + " CROSS JOIN (SELECT count(*) AS clientes_total, count_if(\"activo\") AS clientes_activos FROM "
        + table("ms2_clientes") + ") c"
        + " CROSS JOIN (SELECT count(*) AS facturas_total, count_if(\"estado\" IN " + pending + ") AS facturas_pendientes"
        + " FROM " + table("ms2_facturas") + ") f"
        + " CROSS JOIN (SELECT coalesce(sum(f.\"total\" - coalesce(p.pagado, 0)), 0) AS facturas_importe_pendiente"
        + " FROM " + table("ms2_facturas") + " f LEFT JOIN (SELECT \"factura_id\", sum(\"importe\") AS pagado FROM "
        + table("ms2_pagos") + " WHERE \"estado\" = 'confirmado' GROUP BY \"factura_id\") p ON p.\"factura_id\" = f.\"id\""
        + " WHERE f.\"estado\" IN " + pending + ") fp"
        + " CROSS JOIN (SELECT count(*) AS pagos_total,"
        + " coalesce(sum(\"importe\") FILTER (WHERE \"estado\" = 'confirmado'), 0) AS pagos_importe_confirmado FROM "
        + table("ms2_pagos") + ") pa"
        + " CROSS JOIN (SELECT count(*) AS logs_total, histogram(\"nivel\") AS logs_por_nivel FROM " + table("ms3_logs") + ") l"
        + " CROSS JOIN (SELECT count(*) AS sesiones_total FROM " + table("ms3_sesiones") + ") s"
        + " CROSS JOIN (SELECT count(*) AS eventos_total, histogram(\"tipo\") AS eventos_por_tipo FROM "
        + table("ms3_eventos") + ") e";
    return QuerySpec.of(sql);
  }

  /** What a page reads from: the table's view, or its Iceberg table as of an instant under the view's name. */
  private String source(LakeTable table, Instant asOf) {
    if (asOf == null) {
      return table(table.name());
    }
    if (table.iceberg() == null) {
      throw new IllegalStateException(table.name() + " has no snapshots to read as of " + asOf);
    }
    List<String> columns = table.columns().stream().map(ResultColumn::name).toList();
    return "(" + table.iceberg().queryAsOf(columns, asOf) + ") AS " + quote(table.name());
  }

  private String table(String engineTable) {
    return quote(schema) + "." + quote(engineTable);
  }

  private static String columnList(LakeTable table, List<String> columns) {
    return columns.stream()
        .map(c -> table.jsonColumns().contains(c) ? asJson(c) + " AS " + quote(c) : quote(c))
        .collect(Collectors.joining(", "));
  }

  /**
   * A JSON column as JSON. The lake's reader hands the column its JSON text, except that a JSON string comes
   * as the bare string, which json_parse refuses: that one is cast to a JSON string instead.
   */
  private static String asJson(String column) {
    return "coalesce(try(json_parse(" + quote(column) + ")), CAST(" + quote(column) + " AS json))";
  }

  /**
   * A quoted identifier; the names are the configured schema and names the catalog publishes (a request's
   * column names are checked against those first), never request text as such.
   */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
