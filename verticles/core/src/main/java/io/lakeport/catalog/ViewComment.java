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
 * that location alone; any other comment (a user's own view) as nothing.
 *
 * @param location    where the view's data lives, or null
 * @param primaryKey  lake names of the primary key columns; empty when the source has none or it is unknown
 * @param jsonColumns lake names of the columns holding JSON text
 */
public record ViewComment(String location, List<String> primaryKey, List<String> jsonColumns) {

  private static final ViewComment NOTHING = new ViewComment(null, List.of(), List.of());

  public ViewComment {
    primaryKey = List.copyOf(primaryKey);
    jsonColumns = List.copyOf(jsonColumns);
  }

  /** The comment of {@code table}'s view over the data at {@code location}. */
  static ViewComment of(TableDefinition table, String location) {
    List<String> names = table.columns().stream().map(Column::lakeName).toList();
    // A key that names a column the lake does not have orders nothing: record none rather than a wrong one.
    List<String> key = names.containsAll(table.primaryKey()) ? table.primaryKey() : List.of();
    List<String> json = table.columns().stream()
        .filter(c -> c.type() == LakeType.Primitive.JSON).map(Column::lakeName).toList();
    return new ViewComment(location, key, json);
  }

  /** The comment's text, as the dialect writes it into the view. */
  String text() {
    return new JsonObject().put("location", location).put("primaryKey", new JsonArray(primaryKey))
        .put("jsonColumns", new JsonArray(jsonColumns)).encode();
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
      return new ViewComment(location, names(json.getValue("primaryKey")), names(json.getValue("jsonColumns")));
    } catch (DecodeException | ClassCastException e) {
      return NOTHING;
    }
  }

  private static List<String> names(Object value) {
    if (!(value instanceof JsonArray array)) {
      return List.of();
    }
    return array.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }
}
