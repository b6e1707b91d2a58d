package io.lakeport.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lakeport.schema.LakeType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.data.Numeric;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * The writers shared by every source: each accepts the Java values the Vert.x clients and JDBC drivers hand
 * out for a lake type (and the source's text forms where a source is read as text) and writes the lake form.
 * A value the type cannot hold is never written wrong: it becomes a defined value plus a warning.
 */
public final class ValueWriters {

  /** One shared factory; no separator between root values, since lines end in an explicit newline. */
  public static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);

  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /**
   * What vertx-pg-client 5.0.7 decodes a binary timestamp '-infinity' into: it maps 'infinity' to
   * LocalDateTime.MAX but computes 2000-01-01 plus Long.MIN_VALUE microseconds for '-infinity'. No real
   * PostgreSQL timestamp (4713 BC at the earliest) is this value.
   */
  static final LocalDateTime PG_MINUS_INFINITY =
      LocalDateTime.of(2000, 1, 1, 0, 0).plus(Long.MIN_VALUE, java.time.temporal.ChronoUnit.MICROS);

  public static boolean isPlusInfinity(Object value) {
    return value instanceof LocalDateTime l && l.equals(LocalDateTime.MAX)
        || value instanceof OffsetDateTime o && o.equals(OffsetDateTime.MAX);
  }

  public static boolean isMinusInfinity(Object value) {
    return value instanceof LocalDateTime l && (l.equals(LocalDateTime.MIN) || l.equals(PG_MINUS_INFINITY))
        || value instanceof OffsetDateTime o && (o.equals(OffsetDateTime.MIN)
        || o.getOffset().equals(java.time.ZoneOffset.UTC) && o.toLocalDateTime().equals(PG_MINUS_INFINITY));
  }

  private ValueWriters() {
  }

  /** The writer for a flat (non-nested) lake type; arrays take their element writer from here too. */
  public static ValueWriter forType(LakeType type, String column, ValueWarnings warnings) {
    if (type instanceof LakeType.Decimal decimal) {
      return decimal(decimal, column, warnings);
    }
    if (type instanceof LakeType.Array array) {
      return array(forType(array.element(), column, warnings));
    }
    if (type instanceof LakeType.Row) {
      throw new IllegalArgumentException("row types are written by the source that declares them (" + column + ")");
    }
    return switch ((LakeType.Primitive) type) {
      case BOOLEAN -> bool(column, warnings);
      case INTEGER -> integer(false, column, warnings);
      case BIGINT -> integer(true, column, warnings);
      case DOUBLE -> dbl(column, warnings);
      case VARCHAR -> varchar();
      case DATE -> date(column, warnings);
      case TIMESTAMP -> timestamp(column, warnings);
      case VARBINARY -> varbinary(column, warnings);
      case JSON -> jsonText(column, warnings);
    };
  }

  static ValueWriter bool(String column, ValueWarnings warnings) {
    return (out, value) -> {
      switch (value) {
        case Boolean b -> out.writeBoolean(b);
        case Number n -> {
          // MySQL TINYINT(1) is a boolean by convention only: it can hold 2..127 too.
          long v = n.longValue();
          if (v != 0 && v != 1) {
            warnings.add(column, "number other than 0/1 in a boolean column written as true", String.valueOf(v));
          }
          out.writeBoolean(v != 0);
        }
        case String s -> out.writeBoolean(s.equals("t") || s.equalsIgnoreCase("true") || s.equals("1"));
        default -> mismatch(out, value, "boolean", column, warnings);
      }
    };
  }

  static ValueWriter integer(boolean big, String column, ValueWarnings warnings) {
    BigInteger min = big ? LONG_MIN : INT_MIN;
    BigInteger max = big ? LONG_MAX : INT_MAX;
    String typeName = big ? "bigint" : "integer";
    return (out, value) -> {
      BigInteger v;
      switch (value) {
        case Integer i -> {
          out.writeNumber(i);
          return;
        }
        case Short s -> {
          out.writeNumber(s);
          return;
        }
        case Byte b -> {
          out.writeNumber(b);
          return;
        }
        case Long l when big -> {
          out.writeNumber(l);
          return;
        }
        case Long l -> v = BigInteger.valueOf(l);
        case BigInteger b -> v = b;
        case String s -> {
          try {
            v = new BigInteger(s.trim());
          } catch (NumberFormatException e) {
            mismatch(out, value, typeName, column, warnings);
            return;
          }
        }
        case Numeric n when !n.isNaN() -> v = exactInteger(n.bigDecimalValue());
        case BigDecimal d -> v = exactInteger(d);
        case Double d -> v = Double.isFinite(d) && d == Math.rint(d) ? exactInteger(BigDecimal.valueOf(d)) : null;
        default -> {
          mismatch(out, value, typeName, column, warnings);
          return;
        }
      }
      if (v == null || v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        warnings.add(column, "value out of range of " + typeName + " written as null", String.valueOf(value));
        out.writeNull();
      } else {
        out.writeNumber(v);
      }
    };
  }

  private static BigInteger exactInteger(BigDecimal d) {
    try {
      return d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  static ValueWriter decimal(LakeType.Decimal type, String column, ValueWarnings warnings) {
    return (out, value) -> {
      BigDecimal v;
      switch (value) {
        case BigDecimal d -> v = d;
        case Numeric n when n.isNaN() -> {
          warnings.add(column, "numeric NaN written as null (decimal has no NaN)", "NaN");
          out.writeNull();
          return;
        }
        case Numeric n -> v = n.bigDecimalValue();
        case String s -> {
          String t = s.trim();
          if (t.equals("NaN") || t.equalsIgnoreCase("Infinity") || t.equalsIgnoreCase("-Infinity")) {
            warnings.add(column, "numeric " + t + " written as null (decimal has no " + t + ")", t);
            out.writeNull();
            return;
          }
          try {
            v = new BigDecimal(t);
          } catch (NumberFormatException e) {
            mismatch(out, value, type.sql(), column, warnings);
            return;
          }
        }
        case Integer i -> v = BigDecimal.valueOf(i);
        case Long l -> v = BigDecimal.valueOf(l);
        case Short s -> v = BigDecimal.valueOf(s);
        case BigInteger b -> v = new BigDecimal(b);
        default -> {
          mismatch(out, value, type.sql(), column, warnings);
          return;
        }
      }
      LakeFormat.Fitted fitted = LakeFormat.fit(v, type);
      if (fitted == null) {
        warnings.add(column, "value with more integer digits than " + type.sql() + " holds written as null",
            v.toPlainString());
        out.writeNull();
        return;
      }
      if (fitted.rounded()) {
        warnings.add(column, "value with more than " + type.scale() + " fraction digits rounded half-even to "
            + type.sql(), v.toPlainString());
      }
      out.writeNumber(LakeFormat.decimal(fitted.value()));
    };
  }

  public static ValueWriter dbl(String column, ValueWarnings warnings) {
    return (out, value) -> {
      switch (value) {
        case Double d -> writeDouble(out, d, Double.toString(d), column, warnings);
        // A real keeps its own shortest text (0.1, not 0.10000000149011612): the value the source shows.
        case Float f -> writeDouble(out, f, Float.toString(f), column, warnings);
        case Integer i -> out.writeNumber(i);
        case Short s -> out.writeNumber(s);
        case Long l when Math.abs(l) <= (1L << 53) -> out.writeNumber(l);
        case Numeric n when n.isNaN() -> writeDouble(out, Double.NaN, "NaN", column, warnings);
        case String s -> {
          try {
            double d = Double.parseDouble(s.trim());
            writeDouble(out, d, Double.isFinite(d) ? Double.toString(d) : s, column, warnings);
          } catch (NumberFormatException e) {
            mismatch(out, value, "double", column, warnings);
          }
        }
        case Number n -> {
          double d = n.doubleValue();
          if (Double.isFinite(d) && new BigDecimal(d).compareTo(new BigDecimal(n.toString())) == 0) {
            out.writeNumber(Double.toString(d));
          } else {
            warnings.add(column, "number not exactly representable as double written as null", n.toString());
            out.writeNull();
          }
        }
        default -> mismatch(out, value, "double", column, warnings);
      }
    };
  }

  private static void writeDouble(JsonGenerator out, double d, String text, String column, ValueWarnings warnings)
      throws IOException {
    if (Double.isNaN(d)) {
      warnings.add(column, "double NaN written as the string \"NaN\" (Trino/Athena read it as NaN)", "NaN");
      out.writeString("NaN");
    } else if (Double.isInfinite(d)) {
      String s = d > 0 ? "Infinity" : "-Infinity";
      warnings.add(column, "double " + s + " written as the string \"" + s + "\" (Trino/Athena read it as " + s + ")", s);
      out.writeString(s);
    } else {
      out.writeNumber(text);
    }
  }

  static ValueWriter varchar() {
    return (out, value) -> {
      switch (value) {
        case String s -> out.writeString(s);
        case Buffer b -> out.writeString(b.toString());
        case BigDecimal d -> out.writeString(d.toPlainString());
        default -> out.writeString(value.toString());
      }
    };
  }

  static ValueWriter date(String column, ValueWarnings warnings) {
    return (out, value) -> {
      LocalDate d = switch (value) {
        case LocalDate l -> l;
        case LocalDateTime l -> l.toLocalDate();
        case java.sql.Date s -> s.toLocalDate();
        case String s -> parseSourceDate(s, column, warnings);
        default -> misfit(value, "date", column, warnings);
      };
      if (d == null) {
        out.writeNull();
        return;
      }
      if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
        // The PostgreSQL client and driver hand out MAX/MIN for 'infinity' and '-infinity'.
        warnings.add(column, "date " + (d.equals(LocalDate.MAX) ? "'infinity'" : "'-infinity'") + " written as null",
            d.equals(LocalDate.MAX) ? "infinity" : "-infinity");
        out.writeNull();
        return;
      }
      writeInLakeYears(out, LakeFormat.date(d), "date", d, column, warnings);
    };
  }

  /** MySQL hands out dates as text here (read with CAST AS CHAR) so zero dates are seen, not nulled. */
  private static LocalDate parseSourceDate(String s, String column, ValueWarnings warnings) {
    if (s.startsWith("0000-00-00")) {
      warnings.add(column, "MySQL zero date written as null", s);
      return null;
    }
    try {
      return LakeFormat.parseDate(s.length() > 10 ? s.substring(0, 10) : s);
    } catch (DateTimeParseException e) {
      warnings.add(column, "invalid date (zero month or day) written as null", s);
      return null;
    }
  }

  public static ValueWriter timestamp(String column, ValueWarnings warnings) {
    return (out, value) -> {
      if (isPlusInfinity(value) || isMinusInfinity(value)) {
        infinity(out, isPlusInfinity(value), column, warnings);
        return;
      }
      LocalDateTime utc = switch (value) {
        case LocalDateTime l -> l;
        case OffsetDateTime o -> o.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        case ZonedDateTime z -> z.withZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        case Instant i -> LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
        case LocalDate d -> d.atStartOfDay();
        case String s -> parseSourceTimestamp(s, column, warnings);
        default -> misfit(value, "timestamp", column, warnings);
      };
      if (utc == null) {
        out.writeNull();
        return;
      }
      if (utc.getNano() % 1000 != 0) {
        warnings.add(column, "timestamp with sub-microsecond digits truncated to microseconds", utc.toString());
      }
      writeInLakeYears(out, LakeFormat.timestamp(utc), "timestamp", utc, column, warnings);
    };
  }

  /**
   * Writes {@code text}, the lake's form of {@code value}; null when there is none ({@link LakeFormat} writes
   * years 1 to 9999 only), with a warning.
   */
  private static void writeInLakeYears(JsonGenerator out, String text, String type, Object value, String column,
                                       ValueWarnings warnings) throws IOException {
    if (text == null) {
      warnings.add(column, type + " outside years 1..9999 written as null", value.toString());
      out.writeNull();
    } else {
      out.writeString(text);
    }
  }

  private static void infinity(JsonGenerator out, boolean positive, String column, ValueWarnings warnings)
      throws IOException {
    warnings.add(column, "timestamp " + (positive ? "'infinity'" : "'-infinity'") + " written as null",
        positive ? "infinity" : "-infinity");
    out.writeNull();
  }

  private static LocalDateTime parseSourceTimestamp(String s, String column, ValueWarnings warnings) {
    if (s.startsWith("0000-00-00")) {
      warnings.add(column, "MySQL zero datetime written as null", s);
      return null;
    }
    try {
      return LakeFormat.parseTimestamp(s);
    } catch (DateTimeParseException e) {
      warnings.add(column, "invalid datetime (zero month or day) written as null", s);
      return null;
    }
  }

  static ValueWriter varbinary(String column, ValueWarnings warnings) {
    Base64.Encoder base64 = Base64.getEncoder();
    return (out, value) -> {
      switch (value) {
        case Buffer b -> out.writeString(base64.encodeToString(b.getBytes()));
        case byte[] b -> out.writeString(base64.encodeToString(b));
        default -> mismatch(out, value, "varbinary", column, warnings);
      }
    };
  }

  /**
   * JSON held as text (PostgreSQL json/jsonb and MySQL JSON are read as text): copied token by token with
   * every number's own text, so 1.10 stays 1.10 and 12345678901234567890 is not rounded through a double.
   */
  static ValueWriter jsonText(String column, ValueWarnings warnings) {
    return (out, value) -> {
      if (value instanceof String text) {
        copyJson(out, text, column, warnings);
      } else if (value instanceof JsonObject || value instanceof JsonArray) {
        copyJson(out, value.toString(), column, warnings);
      } else {
        varchar().write(out, value);
      }
    };
  }

  static void copyJson(JsonGenerator out, String text, String column, ValueWarnings warnings) throws IOException {
    // Parse fully before writing, so invalid text never leaves half a value in the line.
    List<Object[]> tokens = new java.util.ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        tokens.add(new Object[] {t, t == JsonToken.START_OBJECT || t == JsonToken.END_OBJECT
            || t == JsonToken.START_ARRAY || t == JsonToken.END_ARRAY ? null
            : t == JsonToken.FIELD_NAME ? p.currentName() : p.getText()});
      }
    } catch (IOException e) {
      warnings.add(column, "invalid JSON text written as a string", text.length() > 80 ? text.substring(0, 80) : text);
      out.writeString(text);
      return;
    }
    for (Object[] tok : tokens) {
      String s = (String) tok[1];
      switch ((JsonToken) tok[0]) {
        case START_OBJECT -> out.writeStartObject();
        case END_OBJECT -> out.writeEndObject();
        case START_ARRAY -> out.writeStartArray();
        case END_ARRAY -> out.writeEndArray();
        case FIELD_NAME -> out.writeFieldName(s);
        case VALUE_STRING -> out.writeString(s);
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(s);
        case VALUE_TRUE -> out.writeBoolean(true);
        case VALUE_FALSE -> out.writeBoolean(false);
        case VALUE_NULL -> out.writeNull();
        default -> out.writeString(s);
      }
    }
  }

  static ValueWriter array(ValueWriter element) {
    return (out, value) -> {
      out.writeStartArray();
      switch (value) {
        case Object[] a -> {
          for (Object o : a) {
            writeNullable(out, element, o);
          }
        }
        case Iterable<?> it -> {
          for (Object o : it) {
            writeNullable(out, element, o);
          }
        }
        default -> {
          int n = java.lang.reflect.Array.getLength(value);
          for (int i = 0; i < n; i++) {
            writeNullable(out, element, java.lang.reflect.Array.get(value, i));
          }
        }
      }
      out.writeEndArray();
    };
  }

  public static void writeNullable(JsonGenerator out, ValueWriter writer, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      writer.write(out, value);
    }
  }

  private static void mismatch(JsonGenerator out, Object value, String type, String column, ValueWarnings warnings)
      throws IOException {
    misfit(value, type, column, warnings);
    out.writeNull();
  }

  /** Warns that {@code value} does not fit {@code type}; null, which its writer then writes. */
  private static <T> T misfit(Object value, String type, String column, ValueWarnings warnings) {
    warnings.add(column, value.getClass().getSimpleName() + " value that does not fit " + type + " written as null",
        String.valueOf(value));
    return null;
  }
}
