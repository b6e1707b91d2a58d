package io.lakeport.query;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Caching on its own: which queries are cacheable, coalescing of identical ones, and the drop on commit. */
class QueryCacheTest {

  private static final QueryOptions CACHEABLE = new QueryOptions(Duration.ofSeconds(60), true);
  private static final QueryOptions CUSTOM = new QueryOptions(Duration.ofSeconds(60), false);
  private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("x", "bigint"));
  private static final ResultPage PAGE = new ResultPage(COLUMNS, List.of(List.of(1L)), null);

  private final QueryCache cache = new QueryCache("trino",
      new ResultCache(Duration.ofMinutes(1), 100, 10, InstantSource.system()));

  @Test
  void onlyQueriesTheCallerMarksCacheableHaveAKeyAndOnlyWhileTheCacheIsOn() {
    QuerySpec spec = QuerySpec.of("SELECT x FROM t WHERE id = ?", SqlParameter.bigint(7));
    assertThat(cache.keyOf(spec, CACHEABLE)).isEqualTo(cache.keyOf(
        QuerySpec.of("SELECT x FROM t WHERE id = ?", SqlParameter.bigint(7)), CACHEABLE));
    assertThat(cache.keyOf(spec, CACHEABLE)).as("another parameter, another key")
        .isNotEqualTo(cache.keyOf(QuerySpec.of("SELECT x FROM t WHERE id = ?", SqlParameter.bigint(8)), CACHEABLE));
    assertThat(cache.keyOf(spec, CUSTOM)).isNull();
    assertThat(cache.keyOf(spec, null)).isNull();
    QueryCache off = new QueryCache("trino", new ResultCache(Duration.ZERO, 100, 10, InstantSource.system()));
    assertThat(off.keyOf(spec, CACHEABLE)).as("engine.cacheSeconds 0 turns the cache off").isNull();
  }

  @Test
  void identicalCallsWaitForTheFirstAndThenRunTheirOwn() {
    Promise<ResultPage> leaderRun = Promise.promise();
    AtomicInteger runs = new AtomicInteger();
    String key = cache.keyOf(QuerySpec.of("SELECT x"), CACHEABLE);
    Future<ResultPage> leader = cache.coalesce(key, () -> {
      runs.incrementAndGet();
      return leaderRun.future();
    });
    Future<ResultPage> follower = cache.coalesce(key, () -> {
      runs.incrementAndGet();
      return Future.succeededFuture(PAGE);
    });
    assertThat(runs).as("the follower waits while the leader runs").hasValue(1);
    assertThat(follower.isComplete()).isFalse();
    leaderRun.fail(new QueryException(QueryException.Kind.ENGINE_FAILED, "scripted"));
    assertThat(leader.failed()).isTrue();
    assertThat(runs).as("the follower of a failed leader runs its own").hasValue(2);
    assertThat(follower.result()).isEqualTo(PAGE);
    // The leader is gone: the next call runs at once.
    assertThat(cache.coalesce(key, () -> {
      runs.incrementAndGet();
      return Future.succeededFuture(PAGE);
    }).succeeded()).isTrue();
    assertThat(runs).hasValue(3);
  }

  @Test
  void callsWithoutAKeyAreNeverCoalesced() {
    Promise<ResultPage> first = Promise.promise();
    AtomicInteger runs = new AtomicInteger();
    cache.coalesce(null, () -> {
      runs.incrementAndGet();
      return first.future();
    });
    cache.coalesce(null, () -> {
      runs.incrementAndGet();
      return first.future();
    });
    assertThat(runs).hasValue(2);
  }

  @Test
  void aCommitDropsKeptResultsAndThoseOfQueriesAlreadyUnderWay() {
    String key = cache.keyOf(QuerySpec.of("SELECT x"), CACHEABLE);
    ResultCache.Entry entry = new ResultCache.Entry("e1", COLUMNS, List.of(List.of(1L)), QueryStats.UNKNOWN,
        java.time.Instant.now());
    cache.keep(key, entry, cache.generation());
    assertThat(cache.lookup(key)).isNotNull();
    long startedBefore = cache.generation();
    cache.invalidate();
    assertThat(cache.lookup(key)).as("dropped on commit").isNull();
    cache.keep(key, entry, startedBefore);
    assertThat(cache.lookup(key)).as("a result read before the commit is not kept").isNull();
    cache.keep(key, entry, cache.generation());
    assertThat(cache.lookup(key)).as("one read after it is").isNotNull();
  }
}
