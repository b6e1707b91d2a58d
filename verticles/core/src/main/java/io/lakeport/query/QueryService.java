package io.lakeport.query;

import io.vertx.core.Future;

/**
 * What the API uses to run queries on the configured engine: bounded concurrency with a bounded queue,
 * polling with backoff, timeouts, retries on throttling, cancellation and a short-lived cache for
 * identical read-only queries. Failures are {@link QueryException}s whose {@link QueryException.Kind}
 * maps to an HTTP status.
 */
public interface QueryService {

  /** Starts a query and answers at once with its execution (state QUEUED or RUNNING, or a cache hit). */
  Future<QueryExecution> submit(QuerySpec spec, QueryOptions options);

  /** The current state of a submitted query; NOT_FOUND when the id is unknown or expired. */
  Future<QueryExecution> execution(String executionId);

  /**
   * A page of a SUCCEEDED execution's rows; {@code pageToken} null for the first page, else the
   * {@code nextToken} of any page answered before: every page can be read again while the execution is kept
   * (within the service's bound on the rows it keeps; rows let go of a larger result fail with GONE).
   */
  Future<ResultPage> results(String executionId, String pageToken, int maxRows);

  /** Cancels the execution and the engine query behind it; succeeds also when it had already ended. */
  Future<Void> cancel(String executionId);

  /**
   * Submit, wait for the end (polling with backoff, within the options' timeout, cancelling the engine
   * query on timeout) and answer the first page: what the synchronous endpoints use.
   */
  Future<ResultPage> query(QuerySpec spec, QueryOptions options, int maxRows);

  /** Whether the engine answers at all (for readiness checks); never fails, answers false instead. */
  Future<Boolean> ready();

  /**
   * Forgets every cached result, and does not keep those of queries already under way: the lake changed
   * (a run committed a table), so no answer may be older than that commit.
   */
  void dropCachedResults();
}
