package io.lakeport.source;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How a table splits into ranges: half-open spans that cover every key exactly once, gaps or not. */
class ReadRangesTest {

  private static final Pattern CONDITION = Pattern.compile("k (<|>=) (-?\\d+)");

  /** Evaluates a predicate of the form {@link ReadRanges} writes ({@code k < b}, {@code k >= a AND k < b}). */
  private static LongPredicate evaluate(String predicate) {
    LongPredicate all = key -> true;
    for (String part : predicate.split(" AND ")) {
      Matcher m = CONDITION.matcher(part);
      assertThat(m.matches()).as(part).isTrue();
      long bound = Long.parseLong(m.group(2));
      LongPredicate one = m.group(1).equals("<") ? key -> key < bound : key -> key >= bound;
      all = all.and(one);
    }
    return all;
  }

  @Test
  void keyRangesAreHalfOpenWithOpenEndsAndEqualWidths() {
    ReadRanges.Plan plan = ReadRanges.keyRanges("k", BigInteger.valueOf(1), BigInteger.valueOf(100), 4);
    assertThat(plan.predicates()).containsExactly("k < 26", "k >= 26 AND k < 51", "k >= 51 AND k < 76", "k >= 76");
    assertThat(plan.oneCursorReason()).isNull();
  }

  @Test
  void everyKeyFallsInExactlyOneRangeWhateverTheGapsAndKeysOutsideThePlan() {
    long[] keys = LongStream.concat(LongStream.concat(LongStream.rangeClosed(1, 3000).map(g -> g * 7),
        LongStream.rangeClosed(1_000_000, 1_000_500)), LongStream.of(9_000_000_000L, -5, 9_000_000_001L)).toArray();
    for (int count : new int[] {2, 3, 4, 7, 32}) {
      List<LongPredicate> ranges = ReadRanges.keyRanges("k", BigInteger.valueOf(7), BigInteger.valueOf(9_000_000_000L),
          count).predicates().stream().map(ReadRangesTest::evaluate).toList();
      assertThat(ranges).hasSize(count);
      for (long key : keys) {
        assertThat(ranges.stream().filter(r -> r.test(key)).count()).as("key " + key + " in " + count + " ranges")
            .isEqualTo(1);
      }
    }
  }

  @Test
  void fewerKeysThanRangesGiveFewerRangesAndAnEmptyTableOneCursor() {
    assertThat(ReadRanges.keyRanges("k", BigInteger.valueOf(5), BigInteger.valueOf(6), 4).predicates())
        .containsExactly("k < 6", "k >= 6");
    ReadRanges.Plan single = ReadRanges.keyRanges("k", BigInteger.valueOf(5), BigInteger.valueOf(5), 4);
    assertThat(single.predicates()).containsExactly((String) null);
    assertThat(single.oneCursorReason()).as("nothing to tell the user: the table is small").isNull();
    assertThat(ReadRanges.keyRanges("k", null, null, 4).size()).isEqualTo(1);
  }

  @Test
  void pageRangesSplitTheHeapByTupleId() {
    assertThat(ReadRanges.pageRanges(10, 3).predicates()).containsExactly("t.ctid < '(3,0)'::tid",
        "t.ctid >= '(3,0)'::tid AND t.ctid < '(6,0)'::tid", "t.ctid >= '(6,0)'::tid");
    assertThat(ReadRanges.pageRanges(1, 3).size()).isEqualTo(1);
    assertThat(ReadRanges.pageRanges(0, 3).size()).isEqualTo(1);
  }

  @Test
  void watermarksCompareByValueNotByText() {
    assertThat(RangedReader.compareWatermarks("9.5", "10.25")).isNegative();
    assertThat(RangedReader.compareWatermarks(io.vertx.sqlclient.data.Numeric.create(new java.math.BigDecimal("100")),
        99L)).isPositive();
    assertThat(RangedReader.compareWatermarks(java.time.LocalDateTime.parse("2024-01-02T00:00"),
        java.time.LocalDateTime.parse("2024-01-10T00:00"))).isNegative();
    assertThat(RangedReader.compareWatermarks("2024-01-02 00:00:00", "2024-01-10 00:00:00")).isNegative();
  }
}
