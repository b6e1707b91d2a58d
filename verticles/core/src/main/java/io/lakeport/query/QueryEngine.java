package io.lakeport.query;

import io.vertx.core.Future;

/**
 * The port every query engine adapter implements (Trino over its REST client protocol, Amazon Athena over
 * AthenaAsyncClient). Asynchronous and stateless towards callers: submit returns the engine's query id at
 * once; callers poll {@link #status}, then page through {@link #results} with the returned token.
 * Backoff, timeouts, concurrency limits, throttling retries and caching belong to the query service above
 * the adapters, not here.
 */
public interface QueryEngine {

  /** Short engine name for logs, metrics and problem details: {@code trino} or {@code athena}. */
  String name();

  /** Starts a query; the future holds the engine's id for it. */
  Future<String> submit(QuerySpec spec);

  Future<QueryStatus> status(String queryId);

  /**
   * One page of the results of a query whose state is {@link QueryState#SUCCEEDED} (or, for engines that
   * stream results while running, RUNNING). {@code pageToken} is null for the first page.
   */
  Future<ResultPage> results(String queryId, String pageToken, int maxRows);

  /** Asks the engine to stop the query; succeeds also when it had already ended. */
  Future<Void> cancel(String queryId);

  Future<Void> close();
}
