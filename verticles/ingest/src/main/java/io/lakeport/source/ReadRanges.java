package io.lakeport.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How one table is split into ranges that several cursors read in parallel: predicates that together cover
 * every row exactly once. The first range has no lower bound and the last no upper bound, so a row outside
 * what the plan saw (a key above the maximum, a page added since) still lands in exactly one range; bounds
 * are half-open ({@code >= lower AND < upper}), so a boundary key belongs to the range it starts.
 */
final class ReadRanges {

  private ReadRanges() {
  }

  /**
   * The plan of a read: the predicates of its ranges (one entry: the whole table, predicate null), and why the
   * table is read by one cursor where that is worth a warning (not for a table too small to split).
   */
  record Plan(List<String> predicates, String oneCursorReason) {

    static Plan oneCursor(String reason) {
      List<String> whole = new ArrayList<>();
      whole.add(null);
      return new Plan(whole, reason);
    }

    int size() {
      return predicates.size();
    }
  }

  /**
   * At most {@code count} ranges of an integer key between {@code min} and {@code max} (the table's smallest
   * and largest key; null when the table is empty), of equal width: gaps in the keys make some ranges hold
   * fewer rows, never a row twice or none.
   *
   * @param ref the key's reference in the select, {@code t.`id`}
   */
  static Plan keyRanges(String ref, BigInteger min, BigInteger max, int count) {
    if (min == null || max == null) {
      return Plan.oneCursor(null);
    }
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    int n = (int) Math.min(count, span.min(BigInteger.valueOf(count)).longValueExact());
    if (n <= 1) {
      return Plan.oneCursor(null);
    }
    BigInteger width = span.divide(BigInteger.valueOf(n));
    List<BigInteger> bounds = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      bounds.add(min.add(width.multiply(BigInteger.valueOf(i))));
    }
    return new Plan(between(ref, bounds.stream().map(BigInteger::toString).toList()), null);
  }

  /**
   * At most {@code count} ranges of a PostgreSQL heap of {@code pages} pages by tuple id ({@code ctid}), read
   * by TID range scans: every range reads only its own pages, and a table without a key splits as well as one
   * with.
   */
  static Plan pageRanges(long pages, int count) {
    int n = (int) Math.min(count, pages);
    if (n <= 1) {
      return Plan.oneCursor(null);
    }
    List<String> bounds = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      bounds.add("'(" + (pages * i / n) + ",0)'::tid");
    }
    return new Plan(between("t.ctid", bounds), null);
  }

  /** {@code ref < b1}, {@code ref >= b1 AND ref < b2}, ..., {@code ref >= bn}. */
  private static List<String> between(String ref, List<String> bounds) {
    List<String> predicates = new ArrayList<>();
    predicates.add(ref + " < " + bounds.getFirst());
    for (int i = 1; i < bounds.size(); i++) {
      predicates.add(ref + " >= " + bounds.get(i - 1) + " AND " + ref + " < " + bounds.get(i));
    }
    predicates.add(ref + " >= " + bounds.getLast());
    return predicates;
  }
}
