package io.lakeport.query;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Caching: which queries may be answered from the {@link ResultCache}, and coalescing of identical ones.
 * <ul>
 *   <li>A query is cacheable when its caller says so ({@link QueryOptions#cacheable()}; custom queries are
 *   not) and the cache is on ({@code engine.cacheSeconds > 0}). Its key is the engine, the statement and the
 *   parameters; an identical submit is then answered from a kept result without a new engine query.</li>
 *   <li>Identical cacheable {@link #coalesce} calls: while one runs, the others wait for it and then run
 *   themselves, finding the cache it filled; a burst of requests for an expired entry runs the statement
 *   once, not once per request.</li>
 *   <li>{@link #invalidate}: a run committed a table (the API hears it on the clustered bus), so every kept
 *   result is dropped and none of a query already under way is kept: no answer is older than the last
 *   commit.</li>
 * </ul>
 * Thread-safe.
 */
final class QueryCache {

  private final String engine;
  private final ResultCache results;
  /** Coalesced calls under way, by cache key. */
  private final Map<String, Future<ResultPage>> leaders = new ConcurrentHashMap<>();

  /** @param engine the engine's name, part of every key */
  QueryCache(String engine, ResultCache results) {
    this.engine = engine;
    this.results = results;
  }

  /** The cache key of a query, or null when it is not to be cached. */
  String keyOf(QuerySpec spec, QueryOptions options) {
    if (options == null || !options.cacheable() || !results.enabled() || spec == null || spec.sql() == null) {
      return null;
    }
    return ResultCache.key(engine, spec);
  }

  /** A kept result for {@code key}, or null. */
  ResultCache.Entry lookup(String key) {
    return results.get(key);
  }

  /** Read when a query starts, handed back to {@link #keep} with its result. */
  long generation() {
    return results.generation();
  }

  /** Results larger than this are not kept: reading stops collecting past it. */
  int maxRows() {
    return results.maxRows();
  }

  /** Keeps a complete result of a query that started in {@code generation}, unless a drop came since. */
  void keep(String key, ResultCache.Entry complete, long generation) {
    results.put(key, complete.engineQueryId(), complete.columns(), complete.rows(), complete.stats(), generation);
  }

  /**
   * Runs {@code run} for the first call of {@code key}; calls for the same key while it runs wait for it to
   * end (whichever way) and then run their own. A null key runs at once.
   */
  Future<ResultPage> coalesce(String key, Supplier<Future<ResultPage>> run) {
    if (key == null) {
      return run.get();
    }
    Promise<ResultPage> mine = Promise.promise();
    Future<ResultPage> leader = leaders.putIfAbsent(key, mine.future());
    if (leader != null) {
      return leader.transform(ar -> run.get());
    }
    run.get().onComplete(ar -> {
      leaders.remove(key, mine.future());
      mine.handle(ar);
    });
    return mine.future();
  }

  /** Drops every kept result and refuses those of queries already under way. */
  void invalidate() {
    results.clear();
  }

  void evictExpired() {
    results.evictExpired();
  }
}
