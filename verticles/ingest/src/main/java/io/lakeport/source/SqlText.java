package io.lakeport.source;

import io.lakeport.lake.LakeFormat;
import io.lakeport.lake.ValueWriters;
import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** The text form of watermark values, as the SQL sources hand them out and take them back. */
final class SqlText {

  private SqlText() {
  }

  /**
   * The watermark text of a value as a SQL client or JDBC driver hands it out: timestamps in the lake form at
   * full precision (PostgreSQL infinities as {@code infinity}/{@code -infinity}, which PostgreSQL parses back),
   * numbers as their exact text.
   */
  static String watermark(Object value) {
    if (ValueWriters.isPlusInfinity(value)) {
      return "infinity";
    }
    if (ValueWriters.isMinusInfinity(value)) {
      return "-infinity";
    }
    return switch (value) {
      case LocalDateTime t -> LakeFormat.TIMESTAMP.format(t);
      case OffsetDateTime t -> LakeFormat.TIMESTAMP.format(t.withOffsetSameInstant(java.time.ZoneOffset.UTC)
          .toLocalDateTime());
      case java.sql.Timestamp t -> LakeFormat.TIMESTAMP.format(t.toLocalDateTime());
      case LocalDate d when d.equals(LocalDate.MAX) -> "infinity";
      case LocalDate d when d.equals(LocalDate.MIN) -> "-infinity";
      case LocalDate d -> LakeFormat.DATE.format(d);
      case Numeric n when n.isNaN() -> "NaN";
      case Numeric n -> n.bigDecimalValue().toPlainString();
      case BigDecimal d -> d.toPlainString();
      case Double d -> Double.toString(d);
      case Float f -> Float.toString(f);
      default -> value.toString();
    };
  }
}
