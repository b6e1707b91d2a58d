package io.lakeport.api;

import io.lakeport.query.QueryException;
import io.lakeport.query.QueryExecution;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStats;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A QueryService whose answers a unit test scripts (test code only: the integration tests run the real one
 * against Trino). It records every statement it was given, so tests can assert what reached the engine.
 */
final class ScriptedQueryService implements QueryService {

  final List<QuerySpec> received = new CopyOnWriteArrayList<>();
  /** How many times the API told the service to forget its cached results. */
  final java.util.concurrent.atomic.AtomicInteger cacheDrops = new java.util.concurrent.atomic.AtomicInteger();
  final List<QueryOptions> options = new CopyOnWriteArrayList<>();
  final Map<String, QueryExecution> executions = new ConcurrentHashMap<>();
  final Map<String, ResultPage> results = new ConcurrentHashMap<>();
  /** When set, what every results call fails with. */
  volatile QueryException resultsFailure;
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  volatile Function<QuerySpec, Future<ResultPage>> answer =
      spec -> Future.failedFuture(new IllegalStateException("no answer scripted for " + spec.sql()));
  volatile boolean ready = true;

  @Override
  public Future<QueryExecution> submit(QuerySpec spec, QueryOptions options) {
    received.add(spec);
    this.options.add(options);
    String id = "q" + ids.incrementAndGet();
    QueryExecution execution = new QueryExecution(id, "engine-" + id, spec.sql(), QueryState.RUNNING, null,
        QueryStats.UNKNOWN, Instant.parse("2026-11-27T10:00:00Z"), null, false, null);
    executions.put(id, execution);
    return Future.succeededFuture(execution);
  }

  /** Moves a submitted execution to {@code state}, with {@code page} as its results when it succeeded. */
  void finish(String id, QueryState state, String error, ResultPage page) {
    QueryExecution e = executions.get(id);
    executions.put(id, new QueryExecution(e.id(), e.engineQueryId(), e.sql(), state, error,
        new QueryStats(1, 20, 500, 4096), e.submittedAt(), Instant.parse("2026-11-27T10:00:01Z"), false,
        page == null || page.nextToken() != null ? null : (long) page.rows().size()));
    if (page != null) {
      results.put(id, page);
    }
  }

  @Override
  public Future<QueryExecution> execution(String executionId) {
    QueryExecution execution = executions.get(executionId);
    return execution == null
        ? Future.failedFuture(new QueryException(QueryException.Kind.NOT_FOUND, "no query " + executionId))
        : Future.succeededFuture(execution);
  }

  @Override
  public Future<ResultPage> results(String executionId, String pageToken, int maxRows) {
    if (resultsFailure != null) {
      return Future.failedFuture(resultsFailure);
    }
    ResultPage page = results.get(executionId);
    if (page == null) {
      return Future.failedFuture(new QueryException(QueryException.Kind.NOT_FOUND, "no results " + executionId));
    }
    int from = pageToken == null ? 0 : Integer.parseInt(pageToken);
    int to = Math.min(page.rows().size(), from + maxRows);
    return Future.succeededFuture(new ResultPage(page.columns(), page.rows().subList(from, to),
        to < page.rows().size() ? Integer.toString(to) : null));
  }

  @Override
  public Future<Void> cancel(String executionId) {
    cancelled.add(executionId);
    QueryExecution e = executions.get(executionId);
    if (e != null && !e.state().done()) {
      finish(executionId, QueryState.CANCELLED, "cancelled", null);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<ResultPage> query(QuerySpec spec, QueryOptions options, int maxRows) {
    received.add(spec);
    this.options.add(options);
    return answer.apply(spec);
  }

  @Override
  public Future<Boolean> ready() {
    return Future.succeededFuture(ready);
  }

  @Override
  public void dropCachedResults() {
    cacheDrops.incrementAndGet();
  }
}
