package io.lakeport.query;

/** What the engine reports about the work a query did; unknown figures are -1. */
public record QueryStats(long queuedMillis, long executionMillis, long processedRows, long processedBytes) {
  public static final QueryStats UNKNOWN = new QueryStats(-1, -1, -1, -1);
}
