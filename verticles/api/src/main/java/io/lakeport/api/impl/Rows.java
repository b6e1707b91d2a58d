package io.lakeport.api.impl;

import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine rows as JSON: one object per row, keyed by column name, values as {@link ResultPage} types them.
 * JSON has no NaN or infinities, so a non-finite double becomes the string {@code "NaN"},
 * {@code "Infinity"} or {@code "-Infinity"} (what the lake and the engine hold), never invalid JSON.
 * Decimals are written in plain notation ({@code 0.000000000}, never {@code 0E-9}), and a value of a
 * {@code timestamp with time zone} column as RFC 3339 UTC ({@code 2024-01-07T02:11:59.000000Z}); a
 * zone-less {@code timestamp} stays as the engine writes it, without a zone, since it names no instant.
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
      Object value = i < row.size() ? row.get(i) : null;
      json.put(columns.get(i).name(), value(columns.get(i), value));
    }
    return json;
  }

  /** One value of {@code column} as JSON writes it: a zoned timestamp in RFC 3339 UTC, the rest by {@link #value(Object)}. */
  static Object value(ResultColumn column, Object value) {
    return isZonedTimestamp(column.type()) && value instanceof String text ? utcTimestamp(text) : value(value);
  }

  /** {@code timestamp with time zone} or {@code timestamp(p) with time zone}. */
  static boolean isZonedTimestamp(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("timestamp") && lower.endsWith("with time zone");
  }

  /** The engine's text of a zoned timestamp: date-time, optional fraction, then a zone id or offset. */
  private static final Pattern ENGINE_ZONED =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2})(\\.\\d+)? (\\S+)");

  /**
   * The engine's text of a zoned timestamp ({@code 2024-01-07 03:11:59.000000 Europe/Madrid},
   * {@code ... UTC}, {@code ... +01:00}) as RFC 3339 UTC, keeping the engine's fraction digits (up to
   * picoseconds; offsets are whole seconds, so the fraction does not change).
   */
  static String utcTimestamp(String text) {
    Matcher matcher = ENGINE_ZONED.matcher(text);
    if (!matcher.matches()) {
      // Not the engine's usual spelling (Athena may already answer ISO text): pass it through unchanged.
      return text;
    }
    LocalDateTime utc;
    try {
      utc = LocalDateTime.parse(matcher.group(1) + "T" + matcher.group(2)).atZone(ZoneId.of(matcher.group(4)))
          .withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } catch (DateTimeException e) {
      return text;
    }
    String fraction = matcher.group(3) == null ? "" : matcher.group(3);
    return utc.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)) + fraction + "Z";
  }

  /**
   * A decimal that JSON encoding writes in plain notation: Jackson writes a BigDecimal with its
   * {@code toString()}, which is scientific for small scales ({@code 0E-9}), and Vert.x gives no per-call
   * switch for its shared generator.
   */
  static final class PlainDecimal extends BigDecimal {
    PlainDecimal(BigDecimal value) {
      super(value.unscaledValue(), value.scale());
    }

    @Override
    public String toString() {
      return toPlainString();
    }
  }

  /** {@code value} as JSON writes it in plain notation. */
  public static BigDecimal plain(BigDecimal value) {
    return value == null || value instanceof PlainDecimal ? value : new PlainDecimal(value);
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
      case BigDecimal d -> plain(d);
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
