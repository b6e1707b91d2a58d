package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.Objects;

/**
 * Results: the pages of a query's rows, and what reading them teaches.
 * <ul>
 *   <li><b>Pages:</b> a SUCCEEDED query's pages come from the engine, with the engine's page tokens; a query
 *   answered from the cache pages through the kept rows with this class's own tokens ({@code c<offset>}).
 *   Results of a query that has not SUCCEEDED yet fail with INVALID_QUERY (ask again once it has), of a
 *   failed one with the kind it failed with, of a cancelled one with CANCELLED.</li>
 *   <li><b>Row count:</b> pages read in order from the first are counted (a page asked again is not counted
 *   twice); at the last page the count is the result's row count.</li>
 *   <li><b>Capture:</b> a cacheable query's pages read in order, first to last, are collected; a complete
 *   result no larger than the cache's row limit goes to the {@link QueryCache}. Pages read out of order, or
 *   more rows than the limit, stop the collecting.</li>
 * </ul>
 */
final class QueryResults {

  private static final String CACHED_TOKEN_PREFIX = "c";

  private final QueryEngine engine;
  private final QueryCache cache;

  QueryResults(QueryEngine engine, QueryCache cache) {
    this.engine = engine;
    this.cache = cache;
  }

  /** A page of {@code query}'s rows; {@code pageToken} null for the first. */
  Future<ResultPage> page(TrackedQuery query, String pageToken, int maxRows) {
    if (maxRows < 1) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "maxRows must be at least 1"));
    }
    QueryState state;
    String engineQueryId;
    synchronized (query) {
      if (query.cachedResult != null) {
        return cachedPage(query.cachedResult, pageToken, maxRows);
      }
      state = query.state;
      engineQueryId = query.engineQueryId;
    }
    return switch (state) {
      case SUCCEEDED -> engine.results(engineQueryId, pageToken, maxRows)
          .onSuccess(page -> {
            count(query, pageToken, page);
            capture(query, pageToken, page);
          });
      case FAILED -> Future.failedFuture(new QueryException(query.failureKind, query.error));
      case CANCELLED -> Future.failedFuture(new QueryException(Kind.CANCELLED,
          "execution " + query.id + " was cancelled" + (query.error == null ? "" : ": " + query.error)));
      case QUEUED, RUNNING -> Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "execution "
          + query.id + " is " + state + "; its results can be read once it has SUCCEEDED"));
    };
  }

  /** A page of a kept result, from the offset its token names. */
  static Future<ResultPage> cachedPage(ResultCache.Entry entry, String pageToken, int maxRows) {
    int offset = 0;
    if (pageToken != null) {
      try {
        offset = pageToken.startsWith(CACHED_TOKEN_PREFIX)
            ? Integer.parseInt(pageToken.substring(CACHED_TOKEN_PREFIX.length())) : -1;
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (offset < 0 || offset > entry.rows().size()) {
        return Future.failedFuture(new QueryException(Kind.INVALID_QUERY,
            "'" + pageToken + "' is not a page token of this result"));
      }
    }
    int end = Math.min(entry.rows().size(), offset + maxRows);
    return Future.succeededFuture(new ResultPage(entry.columns(), entry.rows().subList(offset, end),
        end < entry.rows().size() ? CACHED_TOKEN_PREFIX + end : null));
  }

  private static void count(TrackedQuery query, String pageToken, ResultPage page) {
    synchronized (query) {
      // A page asked again carries an older token than the one expected next: not counted twice.
      if (query.rowCount != null || !Objects.equals(pageToken, query.countExpects)) {
        return;
      }
      query.rowsCounted += page.rows().size();
      query.countExpects = page.nextToken();
      if (page.nextToken() == null) {
        query.rowCount = query.rowsCounted;
      }
    }
  }

  private void capture(TrackedQuery query, String pageToken, ResultPage page) {
    ResultCache.Entry complete = null;
    synchronized (query) {
      if (query.cacheKey == null || query.captureOver) {
        return;
      }
      if (!Objects.equals(pageToken, query.captureExpects)) {
        // A page asked again is fine; anything else means the pages were not read in order from the first.
        if (!Objects.equals(pageToken, query.captureLastToken)) {
          query.stopCapture();
        }
        return;
      }
      if (query.captured.size() + page.rows().size() > cache.maxRows()) {
        query.stopCapture();
        return;
      }
      query.captured.addAll(page.rows());
      query.captureLastToken = pageToken;
      query.captureExpects = page.nextToken();
      if (page.nextToken() == null) {
        complete = new ResultCache.Entry(query.engineQueryId, page.columns(), query.captured, query.stats,
            Instant.now());
        query.stopCapture();
      }
    }
    if (complete != null) {
      cache.keep(query.cacheKey, complete, query.cacheGeneration);
    }
  }
}
