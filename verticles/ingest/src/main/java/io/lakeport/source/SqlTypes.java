package io.lakeport.source;

import io.lakeport.schema.LakeType;

import java.util.List;

/** Type-mapping rules the SQL sources (mysql, postgresql, jdbc) share; docs/lake-format.md is the reference. */
final class SqlTypes {

  /** Scale given to a decimal without precision (PostgreSQL's bare {@code numeric}): 29 integer and 9 fraction digits. */
  static final int UNCONSTRAINED_NUMERIC_SCALE = 9;

  private SqlTypes() {
  }

  /**
   * The lake decimal of a SQL decimal column: as declared when it fits the engines' 38 digits, else narrowed
   * with a warning naming the column; {@code precision} null is a decimal without precision.
   */
  static LakeType.Decimal decimal(Integer precision, Integer scale, String column, String sourceType,
                                  List<String> warnings) {
    if (precision == null) {
      warnings.add("column '" + column + "' (" + sourceType + " without precision) is stored as decimal(38,"
          + UNCONSTRAINED_NUMERIC_SCALE + "): more fraction digits are rounded half-even and values of more than "
          + (38 - UNCONSTRAINED_NUMERIC_SCALE) + " integer digits become null, each with a warning");
      return new LakeType.Decimal(38, UNCONSTRAINED_NUMERIC_SCALE);
    }
    int s = scale == null ? 0 : scale;
    if (s < 0) {
      return new LakeType.Decimal(Math.min(precision - s, 38), 0);
    }
    int p = Math.max(precision, s);
    if (p > 38) {
      int keptScale = Math.min(s, 38);
      warnings.add("column '" + column + "' (" + sourceType + ") is wider than the engines' 38 digits: stored as decimal(38,"
          + keptScale + "); values that do not fit become null with a warning");
      return new LakeType.Decimal(38, keptScale);
    }
    return new LakeType.Decimal(p, s);
  }
}
