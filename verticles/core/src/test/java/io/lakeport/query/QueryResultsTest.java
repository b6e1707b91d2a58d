package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results against a scripted engine: pages and their tokens, pages read again in any order, the row count,
 * the bound on the rows kept, and which results are captured for the cache. No server: the scripted engine
 * answers at once.
 */
class QueryResultsTest {

  private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("x", "bigint"));
  private static final QueryOptions CACHEABLE = new QueryOptions(Duration.ofSeconds(60), true);

  private final ScriptedQueryEngine engine = new ScriptedQueryEngine();
  private final QueryCache cache = new QueryCache(engine.name(),
      new ResultCache(Duration.ofMinutes(1), 3, 10, InstantSource.system()));
  private final QueryResults results = new QueryResults(engine, cache, 100);

  /** Engine query e1 has three rows over two pages; e2 has the rows 1 to 25 in engine pages of 5. */
  QueryResultsTest() {
    engine.result("e1", List.of(
        new ResultPage(COLUMNS, List.of(List.of(1L), List.of(2L)), "p2"),
        new ResultPage(COLUMNS, List.of(List.of(3L)), null)));
    engine.numbers("e2", 25, 5);
  }

  private TrackedQuery succeeded(QuerySpec spec, QueryOptions options) {
    return succeeded(spec, options, "e1");
  }

  private TrackedQuery succeeded(QuerySpec spec, QueryOptions options, String engineQueryId) {
    TrackedQuery query = new TrackedQuery("x1", spec, Duration.ofMinutes(1), cache.keyOf(spec, options),
        cache.generation());
    query.engineQueryId = engineQueryId;
    query.state = QueryState.SUCCEEDED;
    return query;
  }

  private static List<Object> values(ResultPage page) {
    return page.rows().stream().map(List::getFirst).toList();
  }

  private static List<Object> numbers(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().map(Object.class::cast).toList();
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
    assertThat(first.nextToken()).as("the row the next page starts at").isEqualTo("c2");
    value(results.page(query, null, 2));
    assertThat(query.snapshot().rowCount()).as("unknown before the last page (nothing read ahead)").isNull();
    assertThat(value(results.page(query, "c2", 2)).nextToken()).isNull();
    assertThat(query.snapshot().rowCount()).as("the first page asked twice is counted once").isEqualTo(3L);
  }

  @Test
  void aCacheableResultReadFirstToLastIsKeptAndPagedWithItsOwnTokens() {
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, null, 2));
    value(results.page(query, "c2", 2));
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
  void pagesReadInAnyOrderStillCaptureTheCompleteResult() {
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    // The spool reads the engine's pages in order whatever page is asked first.
    value(results.page(query, "c2", 2));
    value(results.page(query, null, 2));
    value(results.page(query, "c2", 2));
    assertThat(cache.lookup(cache.keyOf(spec, CACHEABLE)).rows()).containsExactly(List.of(1L), List.of(2L),
        List.of(3L));
    assertThat(engine.resultCalls).as("each engine page read once").containsExactly("e1:", "e1:p2");
  }

  @Test
  void anyPageCanBeReadAgainInAnyOrderWithATokenPerPage() {
    TrackedQuery query = succeeded(QuerySpec.of("SELECT x"), null, "e2");
    ResultPage third = value(results.page(query, "c20", 10));
    assertThat(values(third)).isEqualTo(numbers(21, 25));
    assertThat(third.nextToken()).isNull();
    ResultPage first = value(results.page(query, null, 10));
    assertThat(values(first)).isEqualTo(numbers(1, 10));
    assertThat(first.nextToken()).isEqualTo("c10");
    ResultPage second = value(results.page(query, first.nextToken(), 10));
    assertThat(values(second)).isEqualTo(numbers(11, 20));
    assertThat(second.nextToken()).isEqualTo("c20");
    assertThat(values(value(results.page(query, "c20", 10)))).as("the third again").isEqualTo(numbers(21, 25));
    assertThat(values(value(results.page(query, "c5", 3)))).as("any offset, any size").isEqualTo(numbers(6, 8));
    assertThat(engine.resultCalls).as("every engine page read once, in order")
        .containsExactly("e2:", "e2:t5", "e2:t10", "e2:t15", "e2:t20");
    assertThat(query.snapshot().rowCount()).isEqualTo(25L);
    assertThat(failure(results.page(query, "c26", 10))).hasMessage("'c26' is not a page token of this result");
    assertThat(failure(results.page(query, "t5", 10)).kind()).as("the engine's own token").isEqualTo(Kind.INVALID_QUERY);
  }

  @Test
  void aSucceededQueryIsReadAheadSoItsRowCountIsKnownBeforeTheLastPage() {
    TrackedQuery query = succeeded(QuerySpec.of("SELECT x"), null, "e2");
    assertThat(query.snapshot().rowCount()).isNull();
    results.succeeded(query);
    assertThat(query.snapshot().rowCount()).as("no page read yet").isEqualTo(25L);
    assertThat(values(value(results.page(query, "c10", 10)))).isEqualTo(numbers(11, 20));
    assertThat(values(value(results.page(query, null, 10)))).isEqualTo(numbers(1, 10));
    assertThat(engine.resultCalls).as("pages come from the spool").hasSize(5);

    TrackedQuery firstPageOnly = new TrackedQuery("x2", QuerySpec.of("SELECT x"), Duration.ofMinutes(1), null, 0,
        false);
    firstPageOnly.engineQueryId = "e2";
    firstPageOnly.state = QueryState.SUCCEEDED;
    results.succeeded(firstPageOnly);
    assertThat(values(value(results.page(firstPageOnly, null, 10)))).isEqualTo(numbers(1, 10));
    assertThat(engine.resultCalls.subList(5, engine.resultCalls.size()))
        .as("a query() caller's execution: read as far as its page, nothing ahead").containsExactly("e2:", "e2:t5");
    assertThat(firstPageOnly.snapshot().rowCount()).isNull();
  }

  @Test
  void aResultOverTheBoundIsReadForwardAndPagesLetGoAreGone() {
    QueryResults bounded = new QueryResults(engine, cache, 10);
    TrackedQuery query = succeeded(QuerySpec.of("SELECT x"), null, "e2");
    bounded.succeeded(query);
    assertThat(query.spool.keptRows()).as("read ahead up to the bound").isEqualTo(10);
    assertThat(query.snapshot().rowCount()).as("the end was not reached").isNull();
    assertThat(values(value(bounded.page(query, null, 10)))).isEqualTo(numbers(1, 10));
    assertThat(values(value(bounded.page(query, "c10", 10)))).isEqualTo(numbers(11, 20));
    assertThat(query.spool.keptRows()).isLessThanOrEqualTo(10);

    QueryException gone = failure(bounded.page(query, null, 10));
    assertThat(gone.kind()).isEqualTo(Kind.GONE);
    assertThat(gone.kind().httpStatus()).isEqualTo(410);
    assertThat(gone).isInstanceOfSatisfying(PageNotKeptException.class, e -> {
      assertThat(e.offset()).isZero();
      assertThat(e.firstKept()).isEqualTo(10);
      assertThat(e.keptRows()).isEqualTo(10);
    });
    assertThat(values(value(bounded.page(query, "c10", 10)))).as("the page last read, again").isEqualTo(numbers(11, 20));
    ResultPage last = value(bounded.page(query, "c20", 10));
    assertThat(values(last)).isEqualTo(numbers(21, 25));
    assertThat(last.nextToken()).isNull();
    assertThat(query.snapshot().rowCount()).as("known at the end").isEqualTo(25L);
    assertThat(query.spool.keptRows()).isLessThanOrEqualTo(10);
  }

  @Test
  void aForgottenQueryLetsGoOfItsRowsAndReadsNoMore() {
    TrackedQuery query = succeeded(QuerySpec.of("SELECT x"), null, "e2");
    value(results.page(query, null, 10));
    QueryResults.forgotten(query);
    assertThat(query.spool.keptRows()).isZero();
    results.succeeded(query);
    assertThat(engine.resultCalls).as("nothing read ahead after").containsExactly("e2:", "e2:t5");
    assertThat(failure(results.page(query, null, 10)).kind()).isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void aResultLargerThanTheCachesRowLimitIsNotKept() {
    engine.result("e1", List.of(
        new ResultPage(COLUMNS, List.of(List.of(1L), List.of(2L)), "p2"),
        new ResultPage(COLUMNS, List.of(List.of(3L), List.of(4L)), null)));
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, null, 2));
    value(results.page(query, "c2", 2));
    assertThat(cache.lookup(cache.keyOf(spec, CACHEABLE))).as("4 rows, over the limit of 3").isNull();
  }

  @Test
  void aResultReadAcrossADropOfTheCacheIsNotKept() {
    QuerySpec spec = QuerySpec.of("SELECT x");
    TrackedQuery query = succeeded(spec, CACHEABLE);
    value(results.page(query, null, 2));
    cache.invalidate();
    value(results.page(query, "c2", 2));
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
