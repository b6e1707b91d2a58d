package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Promise;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One submitted query as the {@link EngineQueryService} tracks it: what it asked, where it stands in the
 * engine, and how far its pages were read. Each policy keeps its own part ({@link QueryExecutor} the engine
 * side, {@link QueryResults} the reading, {@link EngineQueryService} the bookkeeping); mutable fields are
 * guarded by this object's monitor, which is never held across I/O.
 */
final class TrackedQuery {

  final String id;
  final QuerySpec spec;
  final Duration timeout;
  /** The result cache's key when the caller allowed caching and the cache is on, else null. */
  final String cacheKey;
  /** The cache's generation when the query was created: its result is kept only if no drop came since. */
  final long cacheGeneration;
  final Instant submittedAt = Instant.now();
  final long submittedNanos = System.nanoTime();
  /** Completes when the query ends, whichever way. */
  final Promise<Void> done = Promise.promise();

  // --- where it stands (QueryExecutor) ---
  String engineQueryId;
  QueryState state = QueryState.QUEUED;
  String error;
  Kind failureKind;
  QueryStats stats = QueryStats.UNKNOWN;
  Instant endedAt;
  /** The result it was answered with from the cache, without an engine query; null for a query that ran. */
  ResultCache.Entry cachedResult;
  long deadlineNanos;
  long pollTimer = -1;
  int polls;
  int unreachablePolls;
  int throttledSubmits;

  // --- who still cares (EngineQueryService) ---
  volatile long lastTouchedNanos = System.nanoTime();
  /** query() callers waiting for its end: it is not abandoned meanwhile. */
  int waiters;

  // --- how far its pages were read (QueryResults) ---
  /** Rows of the pages read in order so far, the token that continues them, and the total once known. */
  long rowsCounted;
  String countExpects;
  Long rowCount;
  boolean captureOver;
  String captureExpects;
  String captureLastToken;
  List<List<Object>> captured = new ArrayList<>();

  TrackedQuery(String id, QuerySpec spec, Duration timeout, String cacheKey, long cacheGeneration) {
    this.id = id;
    this.spec = spec;
    this.timeout = timeout;
    this.cacheKey = cacheKey;
    this.cacheGeneration = cacheGeneration;
    this.captureOver = cacheKey == null;
  }

  /** Ends the query at once with a result from the cache. */
  synchronized void answerFromCache(ResultCache.Entry entry) {
    cachedResult = entry;
    engineQueryId = entry.engineQueryId();
    stats = entry.stats();
    state = QueryState.SUCCEEDED;
    endedAt = submittedAt;
    captureOver = true;
    done.complete();
  }

  /** Moves the query to its end state; false when it had ended already (the first end wins). */
  synchronized boolean finish(QueryState endState, Kind kind, String reason) {
    if (state.done()) {
      return false;
    }
    state = endState;
    failureKind = kind;
    error = reason;
    endedAt = Instant.now();
    return true;
  }

  synchronized boolean ended() {
    return state.done();
  }

  synchronized String engineQueryId() {
    return engineQueryId;
  }

  synchronized QueryExecution snapshot() {
    return new QueryExecution(id, engineQueryId, spec.sql(), state, error, stats, submittedAt, endedAt,
        cachedResult != null, cachedResult != null ? Long.valueOf(cachedResult.rows().size()) : rowCount);
  }

  void stopCapture() {
    captureOver = true;
    captured = List.of();
  }

  void touch() {
    lastTouchedNanos = System.nanoTime();
  }

  boolean withinTimeout(long delayMillis) {
    return System.nanoTime() + delayMillis * 1_000_000L - submittedNanos < timeout.toNanos();
  }
}
