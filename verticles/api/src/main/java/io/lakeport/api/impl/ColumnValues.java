package io.lakeport.api.impl;

import io.lakeport.query.ResultColumn;
import io.lakeport.query.SqlParameter;
import io.lakeport.schema.LakeType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request's text for a column's value (a filter, a page token's key) as a typed {@link SqlParameter}
 * and the placeholder that compares the column with it. The value is parsed by the column's type as the
 * catalog reports it, so a value that is not of that type is refused before any statement is sent.
 */
final class ColumnValues {

  /** The placeholder for a column's value and the value bound to it. */
  record Bound(String placeholder, SqlParameter parameter) {
  }

  private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\d+, ?\\d+\\)");
  private static final Pattern TIMESTAMP = Pattern.compile("timestamp(\\(\\d+\\))?");
  private static final Pattern ZONED_TIMESTAMP = Pattern.compile("timestamp(\\(\\d+\\))? with time zone");
  private static final Pattern TEXT = Pattern.compile("(varchar|char)(\\(\\d+\\))?");
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private ColumnValues() {
  }

  /**
   * {@code text} as a value of {@code column}.
   *
   * @throws IllegalArgumentException saying why, when the text is not a value of the column's type or the
   *                                  type has no equality a request can use
   */
  static Bound bind(ResultColumn column, String text) {
    String type = column.type().toLowerCase(Locale.ROOT);
    try {
      return switch (type) {
        case "boolean" -> switch (text) {
          case "true", "false" -> plain(new SqlParameter(LakeType.Primitive.BOOLEAN, Boolean.valueOf(text)));
          default -> throw new IllegalArgumentException("must be true or false");
        };
        case "tinyint", "smallint", "integer", "bigint" -> plain(SqlParameter.bigint(Long.parseLong(text)));
        case "real", "double" -> plain(new SqlParameter(LakeType.Primitive.DOUBLE, Double.parseDouble(text)));
        case "date" -> plain(SqlParameter.date(LocalDate.parse(text)));
        default -> {
          if (TEXT.matcher(type).matches()) {
            yield plain(SqlParameter.varchar(text));
          }
          if (DECIMAL.matcher(type).matches()) {
            yield plain(SqlParameter.decimal(new BigDecimal(text)));
          }
          if (TIMESTAMP.matcher(type).matches()) {
            // Parameters have no timestamp literal: the checked text is bound as varchar and cast by the engine.
            yield new Bound("CAST(? AS " + type + ")", SqlParameter.varchar(timestamp(text)));
          }
          if (ZONED_TIMESTAMP.matcher(type).matches()) {
            yield new Bound("CAST(? AS " + type + ")", SqlParameter.varchar(instant(text)));
          }
          throw new IllegalArgumentException("has type " + column.type() + ", which cannot be compared with a value");
        }
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a value of type " + column.type());
    }
  }

  private static Bound plain(SqlParameter parameter) {
    return new Bound("?", parameter);
  }

  /**
   * An instant as the engine reads it, in UTC: {@code 2024-01-07 02:11:59.000000 UTC}, from RFC 3339 text
   * ({@code 2024-01-07T03:11:59+01:00}, {@code 2024-01-07T02:11:59Z}, as the API writes these columns) or a
   * date-time without a zone, which is taken as UTC, the zone the lake stores instants in.
   */
  private static String instant(String text) {
    String iso = text.replace(' ', 'T');
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(iso);
    } catch (DateTimeParseException e) {
      time = LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
    }
    return time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().format(MICROS) + " UTC";
  }

  /** {@code 2024-01-07 02:11:59}, with {@code T} or a space, with or without a fraction, as microseconds. */
  private static String timestamp(String text) {
    return LocalDateTime.parse(text.replace(' ', 'T')).format(MICROS);
  }
}
