package io.lakeport.query;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A QueryEngine whose answers a unit test scripts: no server, no engine. By default every submit is accepted
 * (ids {@code e1}, {@code e2}, ...) and every query runs forever; tests replace {@link #submit} and
 * {@link #status} answers and give results per engine id. Every call is recorded, so tests can assert what
 * reached the engine.
 */
final class ScriptedQueryEngine implements QueryEngine {

  final List<QuerySpec> submitted = new CopyOnWriteArrayList<>();
  final List<String> statusCalls = new CopyOnWriteArrayList<>();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  /** Completes with the id of the first query the engine is asked to cancel. */
  final CompletableFuture<String> firstCancel = new CompletableFuture<>();
  final List<String> released = new CopyOnWriteArrayList<>();
  /** Every results call, as {@code engineId:token} ("" for the first page's token). */
  final List<String> resultCalls = new CopyOnWriteArrayList<>();
  /** Pages by engine id and page token ("" for the first page). */
  final Map<String, Map<String, ResultPage>> pages = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  volatile Function<QuerySpec, Future<String>> submitAnswer =
      spec -> Future.succeededFuture("e" + ids.incrementAndGet());
  volatile Function<String, Future<QueryStatus>> statusAnswer = id -> Future.succeededFuture(running(id));

  static QueryStatus running(String id) {
    return new QueryStatus(id, QueryState.RUNNING, null, null, QueryStats.UNKNOWN);
  }

  static QueryStatus succeeded(String id) {
    return new QueryStatus(id, QueryState.SUCCEEDED, null, null, new QueryStats(1, 2, 3, 4));
  }

  static QueryException failure(QueryException.Kind kind) {
    return new QueryException(kind, "scripted " + kind);
  }

  /** Gives engine query {@code id} a result of {@code pages}, each continuing the one before. */
  void result(String id, List<ResultPage> resultPages) {
    Map<String, ResultPage> byToken = new ConcurrentHashMap<>();
    String token = "";
    for (ResultPage page : resultPages) {
      byToken.put(token, page);
      token = page.nextToken();
    }
    pages.put(id, byToken);
  }

  /**
   * Gives engine query {@code id} the rows {@code 1..rows} (one bigint column {@code x}), in pages of
   * {@code pageRows} whose tokens are {@code t<offset>}.
   */
  void numbers(String id, int rows, int pageRows) {
    List<ResultPage> resultPages = new java.util.ArrayList<>();
    List<ResultColumn> columns = List.of(new ResultColumn("x", "bigint"));
    for (int from = 0; from < rows; from += pageRows) {
      int to = Math.min(rows, from + pageRows);
      List<List<Object>> values = new java.util.ArrayList<>();
      for (long x = from + 1; x <= to; x++) {
        values.add(List.of(x));
      }
      resultPages.add(new ResultPage(columns, values, to < rows ? "t" + to : null));
    }
    result(id, resultPages);
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Future<String> submit(QuerySpec spec) {
    submitted.add(spec);
    return submitAnswer.apply(spec);
  }

  @Override
  public Future<QueryStatus> status(String queryId) {
    statusCalls.add(queryId);
    return statusAnswer.apply(queryId);
  }

  @Override
  public Future<ResultPage> results(String queryId, String pageToken, int maxRows) {
    resultCalls.add(queryId + ":" + (pageToken == null ? "" : pageToken));
    Map<String, ResultPage> byToken = pages.get(queryId);
    ResultPage page = byToken == null ? null : byToken.get(pageToken == null ? "" : pageToken);
    return page == null ? Future.failedFuture(failure(QueryException.Kind.NOT_FOUND)) : Future.succeededFuture(page);
  }

  @Override
  public Future<Void> cancel(String queryId) {
    cancelled.add(queryId);
    firstCancel.complete(queryId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> release(String queryId) {
    released.add(queryId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
