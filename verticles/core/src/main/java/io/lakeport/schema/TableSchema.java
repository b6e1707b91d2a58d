package io.lakeport.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The schema of one source table or collection, with the lake names of its columns.
 *
 * @param source     the configured source name (e.g. {@code ms1})
 * @param table      the table or collection name in the source
 * @param columns    the columns in source order
 * @param primaryKey lake names of the primary key columns, empty when the source has none
 * @param warnings   what the mapping had to change (renamed keys, unsupported types), to report in the run
 */
public record TableSchema(String source, String table, List<Column> columns, List<String> primaryKey,
                          List<String> warnings) {

  public TableSchema {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    warnings = List.copyOf(warnings);
  }

  public Column column(String lakeName) {
    for (Column column : columns) {
      if (column.lakeName().equals(lakeName)) {
        return column;
      }
    }
    throw new IllegalArgumentException("no column " + lakeName + " in " + source + "." + table);
  }

  /**
   * The same table with only the columns {@code lakeNames} (in source order), e.g. its key columns for a read
   * of the keys alone; no warnings (the full schema reported them).
   *
   * @throws IllegalArgumentException naming a column the table does not have
   */
  public TableSchema project(List<String> lakeNames) {
    lakeNames.forEach(this::column);
    return new TableSchema(source, table, columns.stream().filter(c -> lakeNames.contains(c.lakeName())).toList(),
        primaryKey.stream().filter(lakeNames::contains).toList(), List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("source", source)
        .put("table", table)
        .put("columns", new JsonArray(columns.stream().map(Column::toJson).toList()))
        .put("primaryKey", new JsonArray(primaryKey))
        .put("warnings", new JsonArray(warnings));
  }

  public static TableSchema fromJson(JsonObject json) {
    return new TableSchema(
        json.getString("source"),
        json.getString("table"),
        json.getJsonArray("columns").stream().map(o -> Column.fromJson((JsonObject) o)).toList(),
        json.getJsonArray("primaryKey", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getJsonArray("warnings", new JsonArray()).stream().map(String::valueOf).toList());
  }
}
