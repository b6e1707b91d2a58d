package io.lakeport.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.schema.LakeType;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.data.Numeric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The lake form of single values, written the way a reader writes them. */
class ValueWritersTest {

  private final ValueWarnings warnings = new ValueWarnings("t");

  private String write(LakeType type, Object value) {
    return write(ValueWriters.forType(type, "c", warnings), value);
  }

  private static String write(ValueWriter writer, Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = ValueWriters.JSON.createGenerator(out)) {
      ValueWriters.writeNullable(g, writer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @Test
  void decimalsArePlainExactAndKeepTheirScale() {
    LakeType.Decimal type = new LakeType.Decimal(12, 4);
    assertThat(write(type, new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(write(type, new BigDecimal("0.0000"))).isEqualTo("0.0000");
    assertThat(write(new LakeType.Decimal(38, 9), new BigDecimal("0.0000001"))).isEqualTo("0.0000001");
    assertThat(write(type, new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(write(type, Numeric.create(new BigDecimal("-12345678.1234")))).isEqualTo("-12345678.1234");
    assertThat(write(type, "42.10")).isEqualTo("42.10");
    assertThat(write(new LakeType.Decimal(38, 0), new BigDecimal("12345678901234567890123456789012345678")))
        .isEqualTo("12345678901234567890123456789012345678");
    assertThat(warnings.isEmpty()).isTrue();
  }

  @Test
  void decimalsThatDoNotFitAreRoundedOrNulledWithAWarning() {
    LakeType.Decimal type = new LakeType.Decimal(12, 4);
    assertThat(write(type, new BigDecimal("1.23456"))).isEqualTo("1.2346");
    assertThat(write(type, new BigDecimal("1.23445"))).isEqualTo("1.2344");
    assertThat(write(type, new BigDecimal("123456789.5"))).isEqualTo("null");
    assertThat(write(type, Numeric.NaN)).isEqualTo("null");
    assertThat(write(type, "NaN")).isEqualTo("null");
    assertThat(write(type, "-Infinity")).isEqualTo("null");
    assertThat(warnings.list()).containsExactly(
        "t.c: value with more than 4 fraction digits rounded half-even to decimal(12,4) (2 values, first: 1.23456)",
        "t.c: value with more integer digits than decimal(12,4) holds written as null (1 value, first: 123456789.5)",
        "t.c: numeric NaN written as null (decimal has no NaN) (2 values, first: NaN)",
        "t.c: numeric -Infinity written as null (decimal has no -Infinity) (1 value, first: -Infinity)");
  }

  @Test
  void doublesUseTheirShortestTextAndSpecialValuesAreStrings() {
    LakeType type = LakeType.Primitive.DOUBLE;
    assertThat(write(type, 0.1)).isEqualTo("0.1");
    assertThat(write(type, 0.1f)).isEqualTo("0.1");
    assertThat(write(type, 1.0E300)).isEqualTo("1.0E300");
    assertThat(write(type, 42)).isEqualTo("42");
    assertThat(write(type, Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(write(type, Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
    assertThat(write(type, Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
    assertThat(write(type, (1L << 53) + 1)).isEqualTo("null");
    assertThat(warnings.list()).hasSize(4);
  }

  @Test
  void timestampsAreOneUtcFormToTheMicrosecond() {
    LakeType type = LakeType.Primitive.TIMESTAMP;
    assertThat(write(type, LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_000)))
        .isEqualTo("\"2024-03-10 02:30:00.123456\"");
    assertThat(write(type, OffsetDateTime.of(2024, 6, 1, 23, 59, 59, 999_999_000, ZoneOffset.ofHoursMinutes(5, 30))))
        .isEqualTo("\"2024-06-01 18:29:59.999999\"");
    assertThat(write(type, Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("\"1970-01-01 00:00:00.000000\"");
    assertThat(write(type, "2024-01-02 03:04:05")).isEqualTo("\"2024-01-02 03:04:05.000000\"");
    assertThat(warnings.isEmpty()).isTrue();
  }

  @Test
  void timestampsWithoutALakeFormAreNullWithAWarning() {
    LakeType type = LakeType.Primitive.TIMESTAMP;
    assertThat(write(type, LocalDateTime.MAX)).isEqualTo("null");
    assertThat(write(type, ValueWriters.PG_MINUS_INFINITY)).isEqualTo("null");
    assertThat(write(type, OffsetDateTime.MIN)).isEqualTo("null");
    assertThat(write(type, "0000-00-00 00:00:00")).isEqualTo("null");
    assertThat(write(type, "2024-02-00 10:00:00")).isEqualTo("null");
    assertThat(write(type, LocalDateTime.of(10000, 1, 1, 0, 0))).isEqualTo("null");
    assertThat(write(type, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1))).isEqualTo("\"2024-01-01 00:00:00.000000\"");
    assertThat(warnings.list()).extracting(w -> w.substring(0, w.indexOf(" ("))).containsExactly(
        "t.c: timestamp 'infinity' written as null",
        "t.c: timestamp '-infinity' written as null",
        "t.c: MySQL zero datetime written as null",
        "t.c: invalid datetime",
        "t.c: timestamp outside years 1..9999 written as null",
        "t.c: timestamp with sub-microsecond digits truncated to microseconds");
  }

  @Test
  void datesAreIsoDaysAndSpecialDatesNull() {
    LakeType type = LakeType.Primitive.DATE;
    assertThat(write(type, LocalDate.of(2024, 2, 29))).isEqualTo("\"2024-02-29\"");
    assertThat(write(type, "2024-02-29")).isEqualTo("\"2024-02-29\"");
    assertThat(write(type, LocalDate.MAX)).isEqualTo("null");
    assertThat(write(type, "0000-00-00")).isEqualTo("null");
    assertThat(write(type, "2024-00-10")).isEqualTo("null");
    assertThat(warnings.list()).hasSize(3);
  }

  @Test
  void jsonTextIsCopiedWithEveryNumbersOwnText() {
    assertThat(write(LakeType.Primitive.JSON, "{\"a\": 1.10, \"b\": [1, 2.50e3, null, true], \"c\": {\"d\": \"x\\ny\"},"
        + " \"big\": 123456789012345678901234567890}"))
        .isEqualTo("{\"a\":1.10,\"b\":[1,2.50e3,null,true],\"c\":{\"d\":\"x\\ny\"},\"big\":123456789012345678901234567890}");
    assertThat(write(LakeType.Primitive.JSON, "\"just a string\"")).isEqualTo("\"just a string\"");
    assertThat(write(LakeType.Primitive.JSON, "{not json")).isEqualTo("\"{not json\"");
    assertThat(warnings.list()).singleElement().asString().startsWith("t.c: invalid JSON text written as a string");
  }

  @Test
  void integersBooleansBytesAndArrays() {
    assertThat(write(LakeType.Primitive.INTEGER, (short) -32768)).isEqualTo("-32768");
    assertThat(write(LakeType.Primitive.BIGINT, Numeric.create(new BigDecimal("9007199254740993"))))
        .isEqualTo("9007199254740993");
    assertThat(write(LakeType.Primitive.INTEGER, 4294967295L)).isEqualTo("null");
    assertThat(write(LakeType.Primitive.BOOLEAN, (byte) 1)).isEqualTo("true");
    assertThat(write(LakeType.Primitive.BOOLEAN, 5L)).isEqualTo("true");
    assertThat(write(LakeType.Primitive.VARBINARY, Buffer.buffer(new byte[] {0, (byte) 0xff}))).isEqualTo("\"AP8=\"");
    assertThat(write(new LakeType.Array(LakeType.Primitive.INTEGER), new Integer[] {1, null, 3})).isEqualTo("[1,null,3]");
    assertThat(write(new LakeType.Array(new LakeType.Decimal(10, 2)), new String[] {"1.50", "NaN"}))
        .isEqualTo("[1.50,null]");
    assertThat(warnings.list()).extracting(w -> w.substring(0, w.indexOf(" ("))).containsExactly(
        "t.c: value out of range of integer written as null",
        "t.c: number other than 0/1 in a boolean column written as true",
        "t.c: numeric NaN written as null");
  }
}
