package io.lakeport.query.athena;

import io.lakeport.query.QueryException;
import io.lakeport.query.ResultColumn;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.athena.model.ColumnInfo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Types the text Athena returns for every value (GetQueryResults gives each one as a string, or no string
 * for NULL) from the column's type in the result metadata, following {@link io.lakeport.query.ResultPage}'s
 * contract:
 * <ul>
 *   <li>tinyint, smallint, integer, bigint: {@code Long}; double, float (Athena's name for real):
 *       {@code Double} (NaN and the infinities included); decimal: {@code BigDecimal} with the scale as
 *       written; boolean: {@code Boolean}.</li>
 *   <li>json: the parsed JSON value (Map, List, String, Number, Boolean or null).</li>
 *   <li>array, map, row: Athena reports only the outer type name (no element or field types) and writes
 *       the value as {@code [a, b]} or {@code {key=value, other=value}} with strings unquoted. Lakeport parses
 *       that text into a List (array) or a Map (map and row, keys in order) and types each leaf by its look
 *       ({@link ComplexText#leaf}): null, booleans, integers as Long, plain decimals as BigDecimal, exponent
 *       forms as Double, the rest as String. So a varchar element that reads like a number or a boolean
 *       comes back as one, and the form cannot tell a string that holds {@code ", "}, {@code =} or
 *       brackets from structure; when the text does not parse cleanly the value is answered as the raw
 *       String. Queries that need exact nested values select {@code CAST(x AS JSON)}.</li>
 *   <li>everything else (varchar, char, date, timestamp, time, varbinary, intervals): the text as is.</li>
 * </ul>
 */
final class AthenaValues {

  private AthenaValues() {
  }

  /** The column with its engine type; Athena gives decimal precision and scale apart from the type name. */
  static ResultColumn column(ColumnInfo info) {
    String type = info.type() == null ? "unknown" : info.type().toLowerCase(Locale.ROOT);
    if (type.equals("decimal") && info.precision() != null && info.precision() > 0) {
      type = "decimal(" + info.precision() + "," + (info.scale() == null ? 0 : info.scale()) + ")";
    }
    return new ResultColumn(info.name(), type);
  }

  static Object value(String type, String text) {
    if (text == null) {
      return null;
    }
    String base = baseType(type);
    try {
      return switch (base) {
        case "tinyint", "smallint", "integer", "int", "bigint" -> Long.parseLong(text.trim());
        case "double", "float", "real" -> Double.parseDouble(text.trim());
        case "decimal" -> new BigDecimal(text.trim());
        case "boolean" -> parseBoolean(text);
        case "json" -> json(text);
        case "array", "map", "row" -> new ComplexText(text).parse(base);
        default -> text;
      };
    } catch (NumberFormatException | DecodeException e) {
      throw new QueryException(QueryException.Kind.ENGINE_FAILED,
          "Athena returned '" + text + "' for a column of type " + type + ", which does not read as one", e);
    }
  }

  static String baseType(String type) {
    String lower = type.toLowerCase(Locale.ROOT).trim();
    int paren = lower.indexOf('(');
    return paren < 0 ? lower : lower.substring(0, paren).trim();
  }

  private static Boolean parseBoolean(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new NumberFormatException("not a boolean");
    };
  }

  private static Object json(String text) {
    return plain(Json.decodeValue(text));
  }

  /** JsonObject and JsonArray as the plain Map and List they wrap, all the way down. */
  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> map = new LinkedHashMap<>();
      object.forEach(e -> map.put(e.getKey(), plain(e.getValue())));
      return Collections.unmodifiableMap(map);
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>(array.size());
      array.forEach(v -> list.add(plain(v)));
      return Collections.unmodifiableList(list);
    }
    if (value instanceof Map<?, ?> map) {
      return plain(new JsonObject(castMap(map)));
    }
    if (value instanceof List<?> list) {
      return plain(new JsonArray(new ArrayList<>(list)));
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /**
   * Reader for Athena's text form of array, map and row values: {@code [1, 2]}, {@code {a=1, b=[x, y]}}.
   * Elements are separated by a comma and one space; map and row entries are {@code key=value}.
   */
  static final class ComplexText {
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");
    private static final Pattern EXPONENT = Pattern.compile("-?[0-9]+(\\.[0-9]+)?E-?[0-9]+");

    private final String text;
    private int pos;

    ComplexText(String text) {
      this.text = text;
    }

    /** The parsed value, or the text itself when it is not the form the outer type promises. */
    Object parse(String base) {
      char expected = base.equals("array") ? '[' : '{';
      if (text.isEmpty() || text.charAt(0) != expected) {
        return text;
      }
      try {
        Object value = value();
        return pos == text.length() ? value : text;
      } catch (IllegalStateException malformed) {
        return text;
      }
    }

    private Object value() {
      if (pos < text.length() && text.charAt(pos) == '[') {
        return list();
      }
      if (pos < text.length() && text.charAt(pos) == '{' && looksLikeEntries()) {
        return map();
      }
      return scalar();
    }

    private List<Object> list() {
      pos++; // [
      List<Object> items = new ArrayList<>();
      if (peek(']')) {
        pos++;
        return Collections.unmodifiableList(items);
      }
      while (true) {
        items.add(value());
        if (peek(']')) {
          pos++;
          return Collections.unmodifiableList(items);
        }
        separator();
      }
    }

    private Map<String, Object> map() {
      pos++; // {
      Map<String, Object> entries = new LinkedHashMap<>();
      if (peek('}')) {
        pos++;
        return Collections.unmodifiableMap(entries);
      }
      while (true) {
        int eq = text.indexOf('=', pos);
        if (eq < 0) {
          throw new IllegalStateException("entry without '=' at " + pos);
        }
        String key = text.substring(pos, eq);
        pos = eq + 1;
        entries.put(key, value());
        if (peek('}')) {
          pos++;
          return Collections.unmodifiableMap(entries);
        }
        separator();
      }
    }

    /**
     * Text up to the next ", " or the bracket closing the enclosing value (brackets the text itself opens,
     * as in a string "{c}", are kept); the literal null is SQL NULL.
     */
    private Object scalar() {
      int start = pos;
      int depth = 0;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '[' || c == '{') {
          depth++;
        } else if (c == ']' || c == '}') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (depth == 0 && c == ',' && pos + 1 < text.length() && text.charAt(pos + 1) == ' ') {
          break;
        }
        pos++;
      }
      return leaf(text.substring(start, pos));
    }

    /**
     * An element or field value, typed by its look since Athena names no element types: null, true and
     * false, integers (as Long, without a leading zero), plain decimals (as BigDecimal, exact) and
     * exponent or special doubles (as Double); anything else is a String.
     */
    static Object leaf(String scalar) {
      switch (scalar) {
        case "null":
          return null;
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      if (INTEGER.matcher(scalar).matches()) {
        try {
          return Long.parseLong(scalar);
        } catch (NumberFormatException tooLong) {
          return new BigDecimal(scalar);
        }
      }
      if (DECIMAL.matcher(scalar).matches()) {
        return new BigDecimal(scalar);
      }
      if (EXPONENT.matcher(scalar).matches()) {
        return Double.parseDouble(scalar);
      }
      return scalar;
    }

    /** A brace opens entries when a key and '=' come before any separator or bracket. */
    private boolean looksLikeEntries() {
      for (int i = pos + 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '=') {
          return i > pos + 1;
        }
        if (c == '}') {
          return i == pos + 1; // {} is an empty map
        }
        if (c == ',' || c == '[' || c == ']' || c == '{') {
          return false;
        }
      }
      return false;
    }

    private void separator() {
      if (!text.startsWith(", ", pos)) {
        throw new IllegalStateException("expected ', ' at " + pos);
      }
      pos += 2;
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }
  }
}
