package io.lakeport.query.trino;

import io.lakeport.query.ResultColumn;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the JSON values of Trino's client protocol into the Java values {@link io.lakeport.query.ResultPage}
 * promises, driven by each column's {@code typeSignature} (never by the shape of the value): Trino sends
 * bigint as a JSON number (exact beyond 2^53, so it is read as a long, never through double), decimal as a
 * string, double as a number or the strings NaN/Infinity/-Infinity, row as a positional array, map as an
 * object with text keys, json as a string holding JSON text, and date/time/timestamp/varbinary (base64) as
 * strings.
 */
public final class TrinoValues {

  private static final Pattern DECIMAL_SPACING = Pattern.compile("decimal\\((\\d+), (\\d+)\\)");

  private TrinoValues() {
  }

  /** A column of a Trino response as Lakeport names it: decimals spelled {@code decimal(p,s)} as LakeType does. */
  public static ResultColumn column(JsonObject column) {
    String type = DECIMAL_SPACING.matcher(column.getString("type")).replaceAll("decimal($1,$2)");
    return new ResultColumn(column.getString("name"), type);
  }

  /** One row of {@code data}, typed by the columns' type signatures. */
  public static List<Object> row(JsonArray row, List<JsonObject> typeSignatures) {
    if (row.size() != typeSignatures.size()) {
      throw new IllegalArgumentException("Trino sent a row of " + row.size() + " values for "
          + typeSignatures.size() + " columns");
    }
    List<Object> values = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      values.add(value(typeSignatures.get(i), row.getValue(i)));
    }
    // Unmodifiable but null-friendly: List.copyOf would refuse SQL NULLs.
    return Collections.unmodifiableList(values);
  }

  /** A value of the given type signature ({@code {"rawType": ..., "arguments": [...]}}). */
  public static Object value(JsonObject signature, Object json) {
    if (json == null) {
      return null;
    }
    String rawType = signature.getString("rawType");
    JsonArray arguments = signature.getJsonArray("arguments", new JsonArray());
    return switch (rawType) {
      case "bigint", "integer", "smallint", "tinyint" -> json instanceof Number n ? n.longValue()
          : Long.parseLong(json.toString());
      case "double", "real" -> json instanceof Number n ? n.doubleValue() : Double.valueOf(json.toString());
      case "decimal" -> new BigDecimal(json.toString());
      case "boolean" -> json instanceof Boolean b ? b : Boolean.valueOf(json.toString());
      case "array" -> {
        JsonObject element = arguments.getJsonObject(0).getJsonObject("value");
        JsonArray items = (JsonArray) json;
        List<Object> list = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          list.add(value(element, items.getValue(i)));
        }
        yield Collections.unmodifiableList(list);
      }
      case "row" -> {
        JsonArray fields = (JsonArray) json;
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
          JsonObject field = arguments.getJsonObject(i).getJsonObject("value");
          JsonObject fieldName = field.getJsonObject("fieldName");
          // Anonymous fields (ROW(1, 2)) are named field0, field1, ... by position.
          String name = fieldName == null ? "field" + i : fieldName.getString("name");
          row.put(name, value(field.getJsonObject("typeSignature"), fields.getValue(i)));
        }
        yield Collections.unmodifiableMap(row);
      }
      case "map" -> {
        JsonObject keyType = arguments.getJsonObject(0).getJsonObject("value");
        JsonObject valueType = arguments.getJsonObject(1).getJsonObject("value");
        JsonObject entries = (JsonObject) json;
        Map<Object, Object> map = new LinkedHashMap<>();
        for (String key : entries.fieldNames()) {
          map.put(value(keyType, key), value(valueType, entries.getValue(key)));
        }
        yield Collections.unmodifiableMap(map);
      }
      case "json" -> parsedJson(json.toString());
      default -> json.toString();
    };
  }

  private static Object parsedJson(String text) {
    try {
      return plain(Json.decodeValue(text));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("Trino sent a json value that does not parse: " + e.getMessage(), e);
    }
  }

  /** JSON as plain maps and lists, like the other nested values. */
  private static Object plain(Object value) {
    return switch (value) {
      case JsonObject object -> {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        yield Collections.unmodifiableMap(map);
      }
      case JsonArray array -> {
        List<Object> list = new ArrayList<>(array.size());
        array.forEach(item -> list.add(plain(item)));
        yield Collections.unmodifiableList(list);
      }
      case Map<?, ?> map -> plain(new JsonObject(castMap(map)));
      case List<?> list -> plain(new JsonArray(new ArrayList<>(list)));
      case null -> null;
      default -> value;
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
