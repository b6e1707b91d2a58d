package io.lakeport.query;

import io.vertx.core.Future;

/**
 * The port every query engine adapter implements (Trino over its REST client protocol, Amazon Athena over
 * AthenaAsyncClient). Asynchronous and stateless towards callers: submit returns the engine's query id at
 * once; callers poll {@link #status}, then page through {@link #results} with the returned token.
 * Backoff, timeouts, concurrency limits, throttling retries and caching belong to the query service above
 * the adapters, not here.
 *
 * <p>How adapters fail, so that the service above can act the same way for every engine: every failed
 * future holds a {@link QueryException}.
 * <ul>
 *   <li>{@link QueryException.Kind#OVERLOADED} is the throttling signal: the engine refused this call because
 *   of load or a rate or concurrency quota (Athena TooManyRequestsException/ThrottlingException, HTTP 429,
 *   Trino QUERY_QUEUE_FULL) and the same call may be repeated later. The service retries it with backoff
 *   (submit keeps the same {@link QuerySpec#clientRequestToken()}), polls keep polling.</li>
 *   <li>{@link QueryException.Kind#ENGINE_UNAVAILABLE}: the engine cannot be reached (connection refused or
 *   timed out, HTTP 502/503/504) or is still starting; adapters use a short connect timeout so that this
 *   shows promptly.</li>
 *   <li>{@link QueryException.Kind#NOT_FOUND}: the engine does not know the query id (or page token).</li>
 *   <li>{@link QueryException.Kind#INVALID_QUERY}: the call itself is wrong (e.g. a parameter type without a
 *   literal form), or the engine refused the statement without creating a query for it. A statement the
 *   engine accepts and then fails (a bad cast, a division by zero, and for Trino also syntax errors and
 *   unknown tables) is not a failed call: submit succeeds and {@link #status} answers FAILED with the
 *   engine's reason and {@link QueryStatus#USER_ERROR}.</li>
 *   <li>{@link QueryException.Kind#ENGINE_FAILED}: anything else the engine answered unexpectedly.</li>
 * </ul>
 * {@link #results} of a FAILED query fails with INVALID_QUERY or ENGINE_FAILED (as above), of a CANCELLED
 * one with CANCELLED.
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

  /**
   * Asks the engine to stop the query; succeeds also when it had already ended. Also tells the adapter that
   * nobody will read the query's results any more, so it may release what it keeps for them.
   */
  Future<Void> cancel(String queryId);

  /**
   * Tells the adapter that nobody will ask about this query any more (the query service calls it when it
   * forgets an execution), so it may drop whatever it keeps for it; never fails. A query still running in the
   * engine is stopped. The default does nothing: adapters that keep nothing per query (Athena) need nothing.
   */
  default Future<Void> release(String queryId) {
    return Future.succeededFuture();
  }

  /**
   * Whether {@link #status} itself waits for news (a long poll, as Trino's {@code nextUri} requests do), so the
   * service may call it again at once after a call that brought news. The default: no (Athena answers at once).
   */
  default boolean longPolls() {
    return false;
  }

  /**
   * Whether the engine answers at all, for readiness checks; never fails, answers false instead. The default
   * submits {@code SELECT 1} and cancels it at once (an accepted submit proves reachability and credentials);
   * adapters override it with something cheaper where the engine has it (Trino: GET /v1/info).
   */
  default Future<Boolean> ready() {
    return submit(QuerySpec.of("SELECT 1"))
        .compose(this::cancel)
        .map(true)
        .otherwise(false);
  }

  Future<Void> close();
}
