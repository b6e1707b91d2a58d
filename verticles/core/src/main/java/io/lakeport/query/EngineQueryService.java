package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link QueryService} for one {@link QueryEngine}, the same for Trino and Athena: a thin composition of
 * one class per policy, each with its settings from {@link QueryServiceSettings}:
 * <ul>
 *   <li>{@link QueryAdmission}: slots and the queue in front of them; a full queue refuses with 429.</li>
 *   <li>{@link QueryExecutor}: submit (repeated while throttled), polling with backoff, timeout, cancel.</li>
 *   <li>{@link QueryResults}: each execution's rows kept in a bounded {@link ResultSpool} (read ahead as soon as
 *   a submitted query SUCCEEDS), pages by row offset, row counts, capture of complete results.</li>
 *   <li>{@link QueryCache}: answers from the {@link ResultCache}, coalescing of identical queries, and the
 *   commit-driven {@link #dropCachedResults()}. A cache hit is a SUCCEEDED execution marked {@code cached},
 *   whose engineQueryId is the original's, without a new engine query.</li>
 * </ul>
 * What this class adds is the bookkeeping between them: executions by id, validation of what is submitted,
 * and <b>abandonment</b>: an execution nobody asked about (submit, execution, results, cancel) for
 * {@link QueryServiceSettings#abandonAfter} is cancelled in the engine if it still runs, and forgotten (its
 * id then answers NOT_FOUND, and its kept rows go); finished executions are forgotten the same way, so memory
 * stays bounded. A
 * query that waits here (queue or throttling) longer than its timeout ends FAILED with TIMEOUT without
 * reaching the engine.
 *
 * <p>Thread-safe: callers may be on any event loop; no lock is held across I/O.
 */
public final class EngineQueryService implements QueryService {

  private static final Logger LOG = LoggerFactory.getLogger(EngineQueryService.class);

  private final QueryEngine engine;
  private final QueryServiceSettings settings;
  private final Vertx vertx;
  private final QueryAdmission<TrackedQuery> admission;
  private final QueryExecutor executor;
  private final QueryCache cache;
  private final QueryResults results;
  private final Map<String, TrackedQuery> executions = new ConcurrentHashMap<>();
  private final long sweepTimer;

  public EngineQueryService(Vertx vertx, QueryEngine engine, QueryServiceSettings settings) {
    this.vertx = vertx;
    this.engine = engine;
    this.settings = settings;
    this.admission = new QueryAdmission<>(engine.name(), settings.maxConcurrent(), settings.queueSize());
    this.executor = new QueryExecutor(vertx, engine, settings.pollBackoff(), settings.throttleBackoff(),
        settings.maxUnreachablePolls(), this::ended);
    this.cache = new QueryCache(engine.name(), new ResultCache(settings.cacheTtl(), settings.cacheMaxRows(),
        settings.cacheMaxEntries(), InstantSource.system()));
    this.results = new QueryResults(engine, cache, settings.resultSpoolMaxRows());
    long sweepEvery = Math.clamp(settings.abandonAfter().toMillis() / 4, 50L, 30_000L);
    this.sweepTimer = vertx.setPeriodic(sweepEvery, id -> sweep());
  }

  /** The engine this service runs queries on. */
  public QueryEngine engine() {
    return engine;
  }

  @Override
  public Future<QueryExecution> submit(QuerySpec spec, QueryOptions options) {
    return submit(spec, options, true);
  }

  /** @param pagedByClient whether the caller pages through the results itself (else: the first page only) */
  private Future<QueryExecution> submit(QuerySpec spec, QueryOptions options, boolean pagedByClient) {
    if (spec == null || spec.sql() == null || spec.sql().isBlank()) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "the statement is empty"));
    }
    Duration timeout = options != null && options.timeout() != null ? options.timeout() : settings.defaultTimeout();
    if (timeout.isNegative() || timeout.isZero()) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "the timeout must be positive"));
    }
    // Parameters travel as their literal form (Trino EXECUTE ... USING, Athena ExecutionParameters): a value
    // without one is refused here, at once, rather than when a queued query reaches the engine.
    for (int i = 0; i < spec.parameters().size(); i++) {
      SqlParameter parameter = spec.parameters().get(i);
      try {
        parameter.literal();
      } catch (RuntimeException e) {
        return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "parameter " + (i + 1) + " ("
            + parameter.type().sql() + "): " + e.getMessage(), e));
      }
    }
    String id = UUID.randomUUID().toString();
    String cacheKey = cache.keyOf(spec, options);
    // A stable idempotency token, so a submit repeated after throttling cannot start the query twice (Athena).
    QuerySpec engineSpec = spec.clientRequestToken() != null ? spec
        : new QuerySpec(spec.sql(), spec.parameters(), id);
    TrackedQuery query = new TrackedQuery(id, engineSpec, timeout, cacheKey, cache.generation(), pagedByClient);

    ResultCache.Entry hit = cacheKey == null ? null : cache.lookup(cacheKey);
    if (hit != null) {
      query.answerFromCache(hit);
      executions.put(id, query);
      return Future.succeededFuture(query.snapshot());
    }
    boolean startNow;
    try {
      startNow = admission.admit(query);
    } catch (QueryRejectedException e) {
      return Future.failedFuture(e);
    }
    executions.put(id, query);
    if (!startNow) {
      return Future.succeededFuture(query.snapshot());
    }
    return executor.start(query, true)
        // The caller never learns the id of a query whose submit failed: nothing to keep.
        .onFailure(e -> executions.remove(id, query))
        .map(v -> query.snapshot());
  }

  @Override
  public Future<QueryExecution> execution(String executionId) {
    return kept(executionId, query -> Future.succeededFuture(query.snapshot()));
  }

  @Override
  public Future<ResultPage> results(String executionId, String pageToken, int maxRows) {
    return kept(executionId, query -> results.page(query, pageToken, maxRows));
  }

  @Override
  public Future<Void> cancel(String executionId) {
    return kept(executionId, query -> executor.cancel(query, "cancelled by the client"));
  }

  /** {@code action} on the execution kept under {@code executionId}, which a client asking about keeps longer. */
  private <T> Future<T> kept(String executionId, java.util.function.Function<TrackedQuery, Future<T>> action) {
    TrackedQuery query = executions.get(executionId);
    if (query == null) {
      return Future.failedFuture(notFound(executionId));
    }
    query.touch();
    return action.apply(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Identical cacheable calls are coalesced ({@link QueryCache#coalesce}): a caller whose leader failed,
   * or whose result was too large to cache, runs its own.
   */
  @Override
  public Future<ResultPage> query(QuerySpec spec, QueryOptions options, int maxRows) {
    return cache.coalesce(cache.keyOf(spec, options), () -> queryOnce(spec, options, maxRows));
  }

  private Future<ResultPage> queryOnce(QuerySpec spec, QueryOptions options, int maxRows) {
    return submit(spec, options, false).compose(submitted -> {
      TrackedQuery query = executions.get(submitted.id());
      if (query == null) {
        return Future.failedFuture(notFound(submitted.id()));
      }
      synchronized (query) {
        query.waiters++;
      }
      return query.done.future()
          .compose(v -> results(query.id, null, maxRows))
          .eventually(() -> {
            synchronized (query) {
              query.waiters--;
            }
            // The page is all the caller gets (it never saw the execution id): let the engine query go.
            return forget(query);
          });
    });
  }

  @Override
  public void dropCachedResults() {
    cache.invalidate();
  }

  @Override
  public Future<Boolean> ready() {
    return engine.ready().otherwise(false);
  }

  /** How many executions this service knows (running, waiting, ended and not yet forgotten). */
  public int executionCount() {
    return executions.size();
  }

  /** Refuses new queries, cancels what still runs, forgets everything and closes the engine. */
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    admission.close();
    List<Future<Void>> pending = new ArrayList<>();
    for (TrackedQuery query : List.copyOf(executions.values())) {
      pending.add(executor.cancel(query, "the query service closed").otherwiseEmpty());
      pending.add(forget(query));
    }
    return Future.join(pending).eventually(engine::close).mapEmpty();
  }

  /** Every end of a query: its slot goes to the oldest waiting one; a SUCCEEDED one's rows are read. */
  private void ended(TrackedQuery query) {
    TrackedQuery next = admission.release(query);
    if (next != null) {
      executor.start(next, false);
    }
    results.succeeded(query);
  }

  /** Drops an execution and lets the engine release what it holds for it; never fails. */
  private Future<Void> forget(TrackedQuery query) {
    executions.remove(query.id, query);
    QueryResults.forgotten(query);
    String engineQueryId;
    synchronized (query) {
      engineQueryId = query.cachedResult == null ? query.engineQueryId : null;
    }
    return engineQueryId == null ? Future.succeededFuture() : engine.release(engineQueryId).otherwiseEmpty();
  }

  private void sweep() {
    long now = System.nanoTime();
    long abandonNanos = settings.abandonAfter().toNanos();
    for (TrackedQuery query : executions.values()) {
      boolean abandoned;
      boolean queuedTooLong;
      String engineQueryId;
      synchronized (query) {
        if (query.waiters > 0) {
          continue;
        }
        abandoned = now - query.lastTouchedNanos > abandonNanos;
        queuedTooLong = !query.state.done() && query.engineQueryId == null
            && now - query.submittedNanos > query.timeout.toNanos();
        engineQueryId = query.engineQueryId;
      }
      if (abandoned) {
        if (executor.end(query, QueryState.CANCELLED, Kind.CANCELLED, "abandoned: nobody asked about it for "
            + settings.abandonAfter().toSeconds() + " s") && engineQueryId != null) {
          LOG.info("cancelling abandoned {} query {} (execution {})", engine.name(), engineQueryId, query.id);
          executor.stopInEngine(engineQueryId, "abandoned");
        }
        forget(query);
      } else if (queuedTooLong) {
        executor.expireWaiting(query);
      }
    }
    cache.evictExpired();
  }

  private static QueryException notFound(String executionId) {
    return new QueryException(Kind.NOT_FOUND, "no query execution " + executionId
        + " (unknown, or forgotten after it was not asked about for a while)");
  }
}
