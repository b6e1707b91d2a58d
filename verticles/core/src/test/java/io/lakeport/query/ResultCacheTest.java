package io.lakeport.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ResultCacheTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("x", "bigint"));

  @Test
  void keepsAResultForItsTimeToLive() {
    ResultCache cache = new ResultCache(Duration.ofSeconds(30), 100, 10, clock);
    cache.put("k", "q1", COLUMNS, List.of(List.of(1L)), QueryStats.UNKNOWN);
    now.set(now.get().plusSeconds(29));
    assertThat(cache.get("k")).isNotNull().extracting(ResultCache.Entry::engineQueryId).isEqualTo("q1");
    now.set(now.get().plusSeconds(1));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void skipsLargeResultsAndDropsTheOldestBeyondItsSize() {
    ResultCache cache = new ResultCache(Duration.ofSeconds(30), 2, 2, clock);
    cache.put("big", "q0", COLUMNS, List.of(List.of(1L), List.of(2L), List.of(3L)), QueryStats.UNKNOWN);
    assertThat(cache.get("big")).isNull();
    cache.put("a", "qa", COLUMNS, List.of(), QueryStats.UNKNOWN);
    cache.put("b", "qb", COLUMNS, List.of(), QueryStats.UNKNOWN);
    cache.put("c", "qc", COLUMNS, List.of(), QueryStats.UNKNOWN);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
  }

  @Test
  void zeroTimeToLiveTurnsItOff() {
    ResultCache cache = new ResultCache(Duration.ZERO, 100, 10, clock);
    assertThat(cache.enabled()).isFalse();
    cache.put("k", "q", COLUMNS, List.of(), QueryStats.UNKNOWN);
    assertThat(cache.size()).isZero();
  }

  @Test
  void keysTellParameterTypesAndValuesApart() {
    String sql = "SELECT * FROM t WHERE id = ?";
    assertThat(ResultCache.key("trino", QuerySpec.of(sql, SqlParameter.varchar("1"))))
        .isNotEqualTo(ResultCache.key("trino", QuerySpec.of(sql, SqlParameter.bigint(1))))
        .isNotEqualTo(ResultCache.key("athena", QuerySpec.of(sql, SqlParameter.varchar("1"))))
        .isNotEqualTo(ResultCache.key("trino", QuerySpec.of(sql, SqlParameter.decimal(BigDecimal.ONE))));
    assertThat(ResultCache.key("trino", QuerySpec.of(sql, SqlParameter.varchar("1"))))
        .isEqualTo(ResultCache.key("trino", QuerySpec.of(sql, SqlParameter.varchar("1"))));
  }

  @Test
  void clearDropsEverythingAndRefusesResultsOfQueriesStartedBefore() {
    ResultCache cache = new ResultCache(Duration.ofSeconds(30), 10, 10, InstantSource.system());
    long before = cache.generation();
    cache.put("k", "q1", COLUMNS, List.of(List.of(1L)), QueryStats.UNKNOWN);
    cache.clear();
    assertThat(cache.get("k")).isNull();
    cache.put("late", "q2", COLUMNS, List.of(List.of(1L)), QueryStats.UNKNOWN, before);
    assertThat(cache.get("late")).as("a query that started before the clear read the old lake").isNull();
    cache.put("fresh", "q3", COLUMNS, List.of(List.of(2L)), QueryStats.UNKNOWN, cache.generation());
    assertThat(cache.get("fresh")).isNotNull();
  }
}
