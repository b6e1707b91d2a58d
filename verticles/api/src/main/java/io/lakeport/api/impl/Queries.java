package io.lakeport.api.impl;

import io.lakeport.catalog.IcebergSource;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.SqlParameter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements of the row endpoints: the generic rows and the contract's fixed routes over one table
 * (the figures' statement is the contract's own, {@link FiguresRoute}). Values that come from a request are
 * bound as {@link SqlParameter}s ({@code ?}), never spliced into the text; the only things written into the text
 * are the configured schema name, the names of tables and columns the catalog publishes (all quoted as
 * identifiers), column types the catalog reports, row limits the server computed as integers, and for a
 * read of one snapshot the Iceberg table the view's comment records with the snapshot's id as the engine
 * answered it, a number ({@link IcebergSource#queryAtSnapshot}).
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
   * The same page of {@code table} as snapshot {@code snapshotId} holds it (the view, its current rows, when
   * null): the table's Iceberg table at that version, read with the view's own column expressions
   * ({@link IcebergSource#queryAtSnapshot}), so its columns and types are the view's.
   *
   * @throws IllegalStateException for a snapshot of a table without snapshots (the caller refuses those first)
   */
  QuerySpec page(LakeTable table, List<String> projection, List<Condition> conditions,
                 List<ColumnValues.Bound> afterKey, int rows, Long snapshotId) {
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
    String sql = "SELECT " + columnList(table, selected) + " FROM " + source(table, snapshotId)
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

  /** What a page reads from: the table's view, or its Iceberg table at a snapshot under the view's name. */
  private String source(LakeTable table, Long snapshotId) {
    if (snapshotId == null) {
      return table(table.name());
    }
    if (table.iceberg() == null) {
      throw new IllegalStateException(table.name() + " has no snapshot " + snapshotId + " to read");
    }
    List<String> columns = table.columns().stream().map(ResultColumn::name).toList();
    return "(" + table.iceberg().queryAtSnapshot(columns, snapshotId) + ") AS " + quote(table.name());
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
