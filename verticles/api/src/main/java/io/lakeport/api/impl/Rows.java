package io.lakeport.api.impl;

import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Engine rows as JSON: one object per row, keyed by column name, values as {@link ResultPage} types them.
 * JSON has no NaN or infinities, so a non-finite double becomes the string {@code "NaN"},
 * {@code "Infinity"} or {@code "-Infinity"} (what the lake and the engine hold), never invalid JSON.
 */
public final class Rows {

  private Rows() {
  }

  public static JsonArray toJson(ResultPage page) {
    return toJson(page.columns(), page.rows());
  }

  public static JsonArray toJson(List<ResultColumn> columns, List<List<Object>> rows) {
    JsonArray out = new JsonArray();
    for (List<Object> row : rows) {
      out.add(row(columns, row));
    }
    return out;
  }

  public static JsonObject row(List<ResultColumn> columns, List<Object> row) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < columns.size(); i++) {
      json.put(columns.get(i).name(), value(i < row.size() ? row.get(i) : null));
    }
    return json;
  }

  public static JsonArray columns(List<ResultColumn> columns) {
    JsonArray out = new JsonArray();
    columns.forEach(c -> out.add(new JsonObject().put("name", c.name()).put("type", c.type())));
    return out;
  }

  /** The index of {@code name} among {@code columns}; the engine may answer names in another case. */
  public static int indexOf(List<ResultColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalStateException("the engine's answer has no column '" + name + "'");
  }

  @SuppressWarnings("unchecked")
  static Object value(Object value) {
    return switch (value) {
      case null -> null;
      case Double d when d.isNaN() || d.isInfinite() -> d.toString();
      case Float f when f.isNaN() || f.isInfinite() -> f.toString();
      case Map<?, ?> map -> {
        JsonObject json = new JsonObject();
        map.forEach((k, v) -> json.put(String.valueOf(k), value(v)));
        yield json;
      }
      case JsonObject object -> toJson(object.getMap());
      case List<?> list -> {
        JsonArray json = new JsonArray();
        list.forEach(v -> json.add(value(v)));
        yield json;
      }
      case JsonArray array -> value(array.getList());
      case byte[] bytes -> java.util.Base64.getEncoder().encodeToString(bytes);
      default -> value;
    };
  }

  private static JsonObject toJson(Map<String, Object> map) {
    JsonObject json = new JsonObject();
    map.forEach((k, v) -> json.put(k, value(v)));
    return json;
  }
}
