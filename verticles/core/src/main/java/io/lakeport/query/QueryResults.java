package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;

import java.time.Instant;

/**
 * Results: the pages of a query's rows, and what reading them teaches.
 * <ul>
 *   <li><b>Pages:</b> a SUCCEEDED query's rows are read from the engine in order into its {@link ResultSpool}
 *   (at most {@code engine.resultSpoolMaxRows} rows kept, more for a cacheable query up to the cache's row
 *   limit), and every page is served from there by row offset: each page's token names the row it starts at
 *   ({@code c<offset>}), so any kept page can be asked again, in any order, and the first one with no token.
 *   A query answered from the cache pages the same way through the kept rows. Results of a query that has not
 *   SUCCEEDED yet fail with INVALID_QUERY (ask again once it has), of a failed one with the kind it failed
 *   with, of a cancelled one with CANCELLED; a page whose rows were let go (a result over the bound) with
 *   GONE ({@link PageNotKeptException}).</li>
 *   <li><b>Reading ahead:</b> {@link #succeeded} starts reading an execution's rows as soon as it SUCCEEDS, when
 *   its client pages through them itself (submit): its status then carries the row count without every page
 *   being read, and the engine's query is drained (Trino holds a query's output until its client fetches
 *   it). A {@code query()} caller takes the first page only: nothing is read ahead for it.</li>
 *   <li><b>Row count:</b> known once the spool has read the result to its end.</li>
 *   <li><b>Capture:</b> a cacheable query's result, once read to its end and kept from its first row, goes to
 *   the {@link QueryCache} when it has no more rows than the cache's limit.</li>
 * </ul>
 *
 * @param spoolMaxRows {@code engine.resultSpoolMaxRows}: rows kept per execution
 */
record QueryResults(QueryEngine engine, QueryCache cache, int spoolMaxRows) {

  /** A page of {@code query}'s rows; {@code pageToken} null for the first. */
  Future<ResultPage> page(TrackedQuery query, String pageToken, int maxRows) {
    if (maxRows < 1) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "maxRows must be at least 1"));
    }
    long offset = ResultSpool.offsetOf(pageToken);
    if (offset < 0) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY,
          "'" + pageToken + "' is not a page token of this result"));
    }
    QueryState state;
    synchronized (query) {
      state = query.state;
    }
    return switch (state) {
      case SUCCEEDED -> spoolOf(query).page(offset, maxRows);
      case FAILED -> Future.failedFuture(new QueryException(query.failureKind, query.error));
      case CANCELLED -> Future.failedFuture(new QueryException(Kind.CANCELLED,
          "execution " + query.id + " was cancelled" + (query.error == null ? "" : ": " + query.error)));
      case QUEUED, RUNNING -> Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "execution "
          + query.id + " is " + state + "; its results can be read once it has SUCCEEDED"));
    };
  }

  /** The query has just SUCCEEDED: a client that pages itself will find its rows read ahead. */
  void succeeded(TrackedQuery query) {
    boolean succeeded;
    synchronized (query) {
      succeeded = query.state == QueryState.SUCCEEDED;
    }
    if (query.pagedByClient && succeeded) {
      spoolOf(query).readAhead();
    }
  }

  /** The query is forgotten: its kept rows go, and nothing more is read. */
  static void forgotten(TrackedQuery query) {
    ResultSpool spool;
    synchronized (query) {
      spool = query.spool;
    }
    if (spool != null) {
      spool.close();
    }
  }

  private ResultSpool spoolOf(TrackedQuery query) {
    synchronized (query) {
      if (query.spool == null) {
        int keep = query.cacheKey == null ? spoolMaxRows : Math.max(spoolMaxRows, cache.maxRows());
        query.spool = new ResultSpool(engine, query.engineQueryId, keep, spool -> readToTheEnd(query, spool));
      }
      return query.spool;
    }
  }

  /** The spool has read the whole result: its row count is known, and a cacheable one is kept. */
  private void readToTheEnd(TrackedQuery query, ResultSpool spool) {
    ResultPage whole = query.cacheKey == null ? null : spool.whole();
    ResultCache.Entry complete = null;
    synchronized (query) {
      query.rowCount = spool.rowCount();
      if (whole != null && whole.rows().size() <= cache.maxRows()) {
        complete = new ResultCache.Entry(query.engineQueryId, whole.columns(), whole.rows(), query.stats,
            Instant.now());
      }
    }
    if (complete != null) {
      cache.keep(query.cacheKey, complete, query.cacheGeneration);
    }
  }
}
