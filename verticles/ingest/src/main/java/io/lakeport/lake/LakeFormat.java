package io.lakeport.lake;

import io.lakeport.schema.LakeType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The text forms of the lake's JSON Lines values (docs/lake-format.md is the reference): timestamps as
 * {@code yyyy-MM-dd HH:mm:ss.SSSSSS} in UTC or zone-less, dates as {@code yyyy-MM-dd}, decimals printed from
 * {@link BigDecimal} without exponent. Watermarks travel in the same forms, so these parse them back.
 */
public final class LakeFormat {

  /** Trino, Athena and Hive all parse this form for a {@code timestamp} column; 'T' and 'Z' are not for all. */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
      .ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  public static final DateTimeFormatter DATE = DateTimeFormatter
      .ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  /** Accepts 0 to 9 fraction digits, so source text like MySQL's {@code 2024-01-02 03:04:05} parses too. */
  private static final DateTimeFormatter TIMESTAMP_LENIENT = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  /** Years the engines' timestamp and date types share; values outside are written as null with a warning. */
  static final int MIN_YEAR = 1;
  static final int MAX_YEAR = 9999;

  private LakeFormat() {
  }

  /**
   * The lake text of a zone-less date-time ({@link #TIMESTAMP}: the fraction truncated to microseconds), or
   * null when its year is outside 1..9999. Written digit by digit: this runs for every timestamp of every row,
   * and the formatter costs more than the rest of the value's writing.
   */
  public static String timestamp(LocalDateTime value) {
    int year = value.getYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      return null;
    }
    char[] text = new char[26];
    putDate(text, year, value.getMonthValue(), value.getDayOfMonth());
    text[10] = ' ';
    putDigits(text, 11, value.getHour(), 2);
    text[13] = ':';
    putDigits(text, 14, value.getMinute(), 2);
    text[16] = ':';
    putDigits(text, 17, value.getSecond(), 2);
    text[19] = '.';
    putDigits(text, 20, value.getNano() / 1000, 6);
    return new String(text);
  }

  /** {@code yyyy-MM-dd} into the first ten places of {@code text}. */
  private static void putDate(char[] text, int year, int month, int day) {
    putDigits(text, 0, year, 4);
    text[4] = '-';
    putDigits(text, 5, month, 2);
    text[7] = '-';
    putDigits(text, 8, day, 2);
  }

  /** {@code value} as {@code width} decimal digits, zero-padded, at {@code from}. */
  private static void putDigits(char[] text, int from, int value, int width) {
    for (int i = from + width - 1; i >= from; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The lake text of an instant, in UTC. */
  public static String timestamp(Instant value) {
    return timestamp(LocalDateTime.ofInstant(value, ZoneOffset.UTC));
  }

  public static String timestamp(OffsetDateTime value) {
    return timestamp(value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
  }

  /** The lake text of a date ({@link #DATE}), or null when its year is outside 1..9999; digit by digit too. */
  public static String date(LocalDate value) {
    int year = value.getYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      return null;
    }
    char[] text = new char[10];
    putDate(text, year, value.getMonthValue(), value.getDayOfMonth());
    return new String(text);
  }

  /** Parses the lake timestamp form (any number of fraction digits up to 9). */
  public static LocalDateTime parseTimestamp(String text) {
    return LocalDateTime.parse(text.trim(), TIMESTAMP_LENIENT);
  }

  public static LocalDate parseDate(String text) {
    return LocalDate.parse(text.trim(), DATE);
  }

  /** Decimal text as written to the lake: plain digits, never an exponent, the scale kept. */
  public static String decimal(BigDecimal value) {
    return value.toPlainString();
  }

  /** Outcome of fitting a source decimal into a lake decimal type. */
  record Fitted(BigDecimal value, boolean rounded) {
  }

  /**
   * Fits a value into {@code type}: a scale above the type's is rounded half-even (reported by the caller),
   * a value with more integer digits than the type holds does not fit (null). A value within the type keeps
   * its own scale: {@code 1.50} stays {@code 1.50}, because the engines read both and the source said so.
   */
  static Fitted fit(BigDecimal value, LakeType.Decimal type) {
    BigDecimal v = value;
    boolean rounded = false;
    if (v.scale() > type.scale()) {
      v = v.setScale(type.scale(), RoundingMode.HALF_EVEN);
      rounded = true;
    } else if (v.scale() < 0) {
      v = v.setScale(0, RoundingMode.UNNECESSARY);
    }
    int integerDigits = v.precision() - v.scale();
    if (integerDigits > type.precision() - type.scale()) {
      return null;
    }
    return new Fitted(v, rounded);
  }
}
