package io.lakeport.query;

import io.lakeport.schema.LakeType;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A typed parameter value; {@link #literal()} is its SQL literal, escaped by type, never raw text. */
public record SqlParameter(LakeType type, Object value) {

  public static SqlParameter varchar(String value) {
    return new SqlParameter(LakeType.Primitive.VARCHAR, value);
  }

  public static SqlParameter bigint(long value) {
    return new SqlParameter(LakeType.Primitive.BIGINT, value);
  }

  public static SqlParameter decimal(BigDecimal value) {
    return new SqlParameter(new LakeType.Decimal(Math.max(1, Math.min(38, value.precision())),
        Math.max(0, value.scale())), value);
  }

  public static SqlParameter date(LocalDate value) {
    return new SqlParameter(LakeType.Primitive.DATE, value);
  }

  /**
   * The value as a SQL literal of its type: strings are quoted with quotes doubled; numbers are rendered
   * from their Java type, so no text can end the literal early.
   */
  public String literal() {
    if (value == null) {
      return "NULL";
    }
    return switch (type) {
      case LakeType.Primitive p when p == LakeType.Primitive.VARCHAR -> quote(value.toString());
      case LakeType.Primitive p when p == LakeType.Primitive.BIGINT || p == LakeType.Primitive.INTEGER ->
          Long.toString(((Number) value).longValue());
      case LakeType.Primitive p when p == LakeType.Primitive.BOOLEAN -> Boolean.toString((Boolean) value);
      case LakeType.Primitive p when p == LakeType.Primitive.DATE -> "DATE " + quote(value.toString());
      case LakeType.Primitive p when p == LakeType.Primitive.DOUBLE -> "DOUBLE " + quote(Double.toString(((Number) value).doubleValue()));
      case LakeType.Decimal d -> "DECIMAL " + quote(((BigDecimal) value).toPlainString());
      default -> throw new IllegalArgumentException("no literal form for parameters of type " + type.sql());
    };
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
