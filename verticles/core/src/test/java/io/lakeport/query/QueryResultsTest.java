package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results against a scripted engine: pages and their tokens, the row count, and which results are captured
 * for the cache. No server: the scripted engine answers at once.
 */
class QueryResultsTest {

  private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("x", "bigint"));
  private static final QueryOptions CACHEABLE = new QueryOptions(Duration.ofSeconds(60), true);

  private final ScriptedQueryEngine engine = new ScriptedQueryEngine();
  private final QueryCache cache = new QueryCache(engine.name(),
      new ResultCache(Duration.ofMinutes(1), 3, 10, InstantSource.system()));
  private final QueryResults results = new QueryResults(engine, cache);

  /** Engine query e1 has three rows over two pages. */
  QueryResultsTest() {
    engine.result("e1", List.of(
        new ResultPage(COLUMNS, List.of(List.of(1L), List.of(2L)), "p2"),
        new ResultPage(COLUMNS, List.of(List.of(3L)), null)));
  }

  private TrackedQuery succeeded(QuerySpec spec, QueryOptions options) {
    TrackedQuery query = new TrackedQuery("x1", spec, Duration.ofMinutes(1), cache.keyOf(spec, options),
        cache.generation());
    query.engineQueryId = "e1";
    query.state = QueryState.SUCCEEDED;
    return query;
  }

  private static <T> T value(Future<T> future) {
    assertThat(future.succeeded()).as("the scripted engine answered: " + future.cause()).isTrue();
    return future.result();
  }

  private static QueryException failure(Future<?> future) {
    assertThat(future.failed()).as("the page is refused").isTrue();
    assertThat(future.cause()).isInstanceOf(QueryException.class);
    return (QueryException) future.cause();
  }

  @Test
  void pagesReadInOrderAreCountedOnceToTheResultsRowCount() {
    TrackedQuery query = succeeded(QuerySpec.of("SELECT x"), null);
    ResultPage first = value(results.page(query, null, 2));
    assertThat(first.nextToken()).isEqualTo("p2");
    value(results.page(query, null, 2));
    assertThat(query.snapshot().rowCount()).as("unknown before the last page").isNull();
    assertThat(value(results.page(query, "p2", 2)).nextToken()).isNull();
    assertThat(query.snapshot().rowCount()).as("the first page asked twice is counted once").isEqualTo(3L);
  }

  @Test
  void aCacheableResultReadFirstToLastIsKeptAndPagedWithItsOwnTokens() {
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, null, 2));
    value(results.page(query, "p2", 2));
    ResultCache.Entry kept = cache.lookup(cache.keyOf(spec, CACHEABLE));
    assertThat(kept).isNotNull();
    assertThat(kept.engineQueryId()).isEqualTo("e1");
    assertThat(kept.rows()).containsExactly(List.of(1L), List.of(2L), List.of(3L));

    TrackedQuery hit = new TrackedQuery("x2", spec, Duration.ofMinutes(1), cache.keyOf(spec, CACHEABLE), 0);
    hit.answerFromCache(kept);
    ResultPage page = value(results.page(hit, null, 2));
    assertThat(page.rows()).containsExactly(List.of(1L), List.of(2L));
    assertThat(page.nextToken()).isEqualTo("c2");
    ResultPage last = value(results.page(hit, "c2", 2));
    assertThat(last.rows()).containsExactly(List.of(3L));
    assertThat(last.nextToken()).isNull();
    assertThat(hit.snapshot().rowCount()).isEqualTo(3L);
    assertThat(failure(results.page(hit, "p2", 2)).kind()).as("another result's token").isEqualTo(Kind.INVALID_QUERY);
    assertThat(failure(results.page(hit, "c9", 2))).hasMessage("'c9' is not a page token of this result");
  }

  @Test
  void pagesNotReadInOrderFromTheFirstAreNotKept() {
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, "p2", 2));
    value(results.page(query, null, 2));
    value(results.page(query, "p2", 2));
    assertThat(cache.lookup(cache.keyOf(spec, CACHEABLE))).isNull();
  }

  @Test
  void aResultLargerThanTheCachesRowLimitIsNotKept() {
    engine.result("e1", List.of(
        new ResultPage(COLUMNS, List.of(List.of(1L), List.of(2L)), "p2"),
        new ResultPage(COLUMNS, List.of(List.of(3L), List.of(4L)), null)));
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, null, 2));
    value(results.page(query, "p2", 2));
    assertThat(cache.lookup(cache.keyOf(spec, CACHEABLE))).as("4 rows, over the limit of 3").isNull();
  }

  @Test
  void aResultReadAcrossADropOfTheCacheIsNotKept() {
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, null, 2));
    cache.invalidate();
    value(results.page(query, "p2", 2));
    assertThat(cache.lookup(cache.keyOf(spec, CACHEABLE))).as("the lake changed while it was read").isNull();
  }

  @Test
  void resultsOfAQueryThatHasNotSucceededFailWithWhatItEndedAs() {
    TrackedQuery running = succeeded(QuerySpec.of("SELECT x"), null);
    running.state = QueryState.RUNNING;
    assertThat(failure(results.page(running, null, 2)))
        .hasMessage("execution x1 is RUNNING; its results can be read once it has SUCCEEDED")
        .extracting(QueryException::kind).isEqualTo(Kind.INVALID_QUERY);

    TrackedQuery timedOut = succeeded(QuerySpec.of("SELECT x"), null);
    timedOut.state = QueryState.RUNNING;
    timedOut.finish(QueryState.FAILED, Kind.TIMEOUT, "the query ran longer than its timeout");
    assertThat(failure(results.page(timedOut, null, 2)).kind()).isEqualTo(Kind.TIMEOUT);

    TrackedQuery cancelled = succeeded(QuerySpec.of("SELECT x"), null);
    cancelled.state = QueryState.RUNNING;
    cancelled.finish(QueryState.CANCELLED, Kind.CANCELLED, "cancelled by the client");
    assertThat(failure(results.page(cancelled, null, 2)))
        .hasMessage("execution x1 was cancelled: cancelled by the client")
        .extracting(QueryException::kind).isEqualTo(Kind.CANCELLED);

    assertThat(failure(results.page(succeeded(QuerySpec.of("SELECT x"), null), null, 0)).kind())
        .isEqualTo(Kind.INVALID_QUERY);
  }
}
