package io.lakeport.catalog;

import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a lake view's comment tells readers beyond its columns: where its data lives, the source's primary
 * key (the order the API pages the table by) and which of its varchar columns hold a source's JSON text
 * (Hive tables have no JSON type). Written as a JSON object by the dialects whose views take a comment.
 * A comment that is a bare {@code s3://} location (views published before keys were recorded) reads as
 * that location alone; any other comment (a user's own view) as nothing. The view over an Iceberg table also
 * records that table ({@code iceberg}), so a reader can query it as it was at an instant.
 *
 * @param location    where the view's data lives, or null
 * @param primaryKey  lake names of the primary key columns; empty when the source has none or it is unknown
 * @param jsonColumns lake names of the columns holding JSON text
 * @param iceberg     the Iceberg table the view reads, or null (JSON Lines snapshots, older views)
 */
public record ViewComment(String location, List<String> primaryKey, List<String> jsonColumns, IcebergSource iceberg) {

  private static final ViewComment NOTHING = new ViewComment(null, List.of(), List.of());

  public ViewComment {
    primaryKey = List.copyOf(primaryKey);
    jsonColumns = List.copyOf(jsonColumns);
  }

  /** A comment that records no Iceberg table. */
  public ViewComment(String location, List<String> primaryKey, List<String> jsonColumns) {
    this(location, primaryKey, jsonColumns, null);
  }

  /** The comment of {@code table}'s view over the data at {@code location}. */
  static ViewComment of(TableDefinition table, String location) {
    return of(table, location, null);
  }

  /** The comment of {@code table}'s view over the Iceberg table {@code iceberg} (null: none) at {@code location}. */
  static ViewComment of(TableDefinition table, String location, IcebergSource iceberg) {
    List<String> names = table.columns().stream().map(Column::lakeName).toList();
    // A key that names a column the lake does not have orders nothing: record none rather than a wrong one.
    List<String> key = names.containsAll(table.primaryKey()) ? table.primaryKey() : List.of();
    List<String> json = table.columns().stream()
        .filter(c -> c.type() == LakeType.Primitive.JSON).map(Column::lakeName).toList();
    return new ViewComment(location, key, json, iceberg);
  }

  /** The comment's text, as the dialect writes it into the view. */
  String text() {
    JsonObject json = new JsonObject().put("location", location).put("primaryKey", new JsonArray(primaryKey))
        .put("jsonColumns", new JsonArray(jsonColumns));
    if (iceberg != null) {
      json.put("iceberg", new JsonObject().put("catalog", iceberg.catalog()).put("namespace", iceberg.namespace())
          .put("table", iceberg.table()).put("zonedColumns", new JsonArray(iceberg.zonedColumns())));
    }
    return json.encode();
  }

  /** What {@code comment} (a view's comment as the engine lists it, possibly null) records. */
  static ViewComment parse(Object comment) {
    if (!(comment instanceof String text)) {
      return NOTHING;
    }
    if (text.startsWith("s3://")) {
      return new ViewComment(text, List.of(), List.of());
    }
    if (!text.startsWith("{")) {
      return NOTHING;
    }
    try {
      JsonObject json = new JsonObject(text);
      String location = json.getValue("location") instanceof String s && s.startsWith("s3://") ? s : null;
      return new ViewComment(location, names(json.getValue("primaryKey")), names(json.getValue("jsonColumns")),
          iceberg(json.getValue("iceberg")));
    } catch (DecodeException | ClassCastException e) {
      return NOTHING;
    }
  }

  /** The recorded Iceberg table; one that is not a name Lakeport writes (a user's comment) is none. */
  private static IcebergSource iceberg(Object value) {
    if (!(value instanceof JsonObject json) || !(json.getValue("catalog") instanceof String catalog)
        || !(json.getValue("namespace") instanceof String namespace) || !(json.getValue("table") instanceof String table)) {
      return null;
    }
    try {
      return new IcebergSource(catalog, namespace, table, names(json.getValue("zonedColumns")));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<String> names(Object value) {
    if (!(value instanceof JsonArray array)) {
      return List.of();
    }
    return array.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }
}
