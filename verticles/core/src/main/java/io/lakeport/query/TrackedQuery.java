package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Promise;

import java.time.Duration;
import java.time.Instant;

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
  /**
   * Whether its client pages through its results itself (it came through submit()), so its rows are read
   * ahead as soon as it SUCCEEDS; false for a query() call, whose caller takes the first page only.
   */
  final boolean pagedByClient;
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

  // --- its rows (QueryResults) ---
  /** Its rows read from the engine (or the cache) and kept; null until it SUCCEEDED and they were asked for. */
  ResultSpool spool;
  /** The result's row count once known, else null. */
  Long rowCount;

  /** A query whose client pages through its results itself. */
  TrackedQuery(String id, QuerySpec spec, Duration timeout, String cacheKey, long cacheGeneration) {
    this(id, spec, timeout, cacheKey, cacheGeneration, true);
  }

  TrackedQuery(String id, QuerySpec spec, Duration timeout, String cacheKey, long cacheGeneration,
               boolean pagedByClient) {
    this.id = id;
    this.spec = spec;
    this.timeout = timeout;
    this.cacheKey = cacheKey;
    this.cacheGeneration = cacheGeneration;
    this.pagedByClient = pagedByClient;
  }

  /** Ends the query at once with a result from the cache. */
  synchronized void answerFromCache(ResultCache.Entry entry) {
    cachedResult = entry;
    engineQueryId = entry.engineQueryId();
    stats = entry.stats();
    state = QueryState.SUCCEEDED;
    endedAt = submittedAt;
    spool = ResultSpool.of(entry);
    rowCount = (long) entry.rows().size();
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
        cachedResult != null, rowCount);
  }

  void touch() {
    lastTouchedNanos = System.nanoTime();
  }

  boolean withinTimeout(long delayMillis) {
    return System.nanoTime() + delayMillis * 1_000_000L - submittedNanos < timeout.toNanos();
  }
}
