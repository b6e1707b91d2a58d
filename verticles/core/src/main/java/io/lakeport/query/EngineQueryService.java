package io.lakeport.query;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.config.LakeportConfig.EngineKind;
import io.lakeport.ops.LakeportMetrics;
import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link QueryService} for one {@link QueryEngine}, the same for Trino and Athena. It owns everything the
 * port leaves to it:
 * <ul>
 *   <li><b>Concurrency:</b> at most {@code maxConcurrent} queries in the engine; a slot is held from submit
 *   until the engine reports the query ended, so queries the engine itself queues count too (Athena counts
 *   queued queries against its account quota). Up to {@code queueSize} more wait here, in order; past that,
 *   submit fails with OVERLOADED (HTTP 429). An execution is QUEUED while it waits here (for a slot, or to
 *   repeat a throttled submit) and RUNNING from the moment the engine has it, the engine's own queue
 *   included.</li>
 *   <li><b>Polling:</b> {@link Settings#pollBackoff}: for Athena the first poll after 25 ms, doubling, at most
 *   2 s apart; for Trino, whose status call long-polls, at most 200 ms between calls.</li>
 *   <li><b>Timeout:</b> a query still running {@code timeout} after it reached the engine is cancelled there
 *   and ends FAILED; asking for its results fails with TIMEOUT (HTTP 504). A query that waits here (queue or
 *   throttling) longer than its timeout ends the same way without reaching the engine.</li>
 *   <li><b>Throttling:</b> an adapter signals it with a {@link QueryException} of kind OVERLOADED (see
 *   {@link QueryEngine}). A throttled submit is repeated with {@link Settings#throttleBackoff} (same
 *   clientRequestToken: the execution id, unless the caller gave one) while the timeout allows; the
 *   execution shows QUEUED meanwhile. A throttled poll just polls again later.</li>
 *   <li><b>Engine unreachable:</b> submit fails at once with ENGINE_UNAVAILABLE (adapters connect with a short
 *   timeout); a running query survives {@link Settings#maxUnreachablePolls} failed polls in a row, then ends
 *   FAILED with ENGINE_UNAVAILABLE.</li>
 *   <li><b>Abandonment:</b> an execution nobody asked about (submit, execution, results, cancel) for
 *   {@link Settings#abandonAfter} is cancelled in the engine if it still runs, and forgotten (its id then
 *   answers NOT_FOUND). Finished executions are forgotten the same way, so memory stays bounded.</li>
 *   <li><b>Cache:</b> when the caller marks a query cacheable ({@link QueryOptions#cacheable()}; custom queries
 *   are not) and {@code cacheSeconds > 0}, a result read completely, first page to last, and no larger than
 *   {@link Settings#cacheMaxRows} is kept for {@code cacheSeconds}. An identical submit (same engine,
 *   statement and parameters) then answers at once with a SUCCEEDED execution marked {@code cached}, whose
 *   engineQueryId is the original's, without a new engine query. Its page tokens are this service's own.</li>
 * </ul>
 * Failed executions keep the {@link Kind} their results fail with: INVALID_QUERY for a statement the engine
 * rejected ({@link QueryStatus#userError()}), ENGINE_FAILED for other engine failures, TIMEOUT,
 * ENGINE_UNAVAILABLE; cancelled ones CANCELLED. Results of an execution that has not SUCCEEDED yet fail with
 * INVALID_QUERY (ask again once it has).
 *
 * <p>Thread-safe: callers may be on any event loop; all bookkeeping is under one lock, never held across I/O.
 */
public final class EngineQueryService implements QueryService {

  private static final Logger LOG = LoggerFactory.getLogger(EngineQueryService.class);

  /**
   * @param defaultTimeout      the timeout of queries whose options name none
   * @param cacheTtl            how long a complete result is answered again; zero turns the cache off
   * @param cacheMaxRows        larger results are not cached
   * @param abandonAfter        how long an execution nobody asks about is kept (and, if running, run)
   * @param maxUnreachablePolls failed polls in a row (engine unreachable) before a running query is given up
   */
  public record Settings(int maxConcurrent, int queueSize, Duration defaultTimeout, Duration cacheTtl,
                         int cacheMaxRows, int cacheMaxEntries, Duration abandonAfter, Backoff pollBackoff,
                         Backoff throttleBackoff, int maxUnreachablePolls) {

    public Settings {
      if (maxConcurrent < 1 || queueSize < 0) {
        throw new IllegalArgumentException("maxConcurrent must be at least 1 and queueSize at least 0");
      }
    }

    /** The profile's settings; Trino, whose status call long-polls, is polled with {@link Backoff#LONG_POLL}. */
    public static Settings of(EngineConfig config) {
      Backoff poll = config.kind() == EngineKind.TRINO ? Backoff.LONG_POLL : Backoff.POLL;
      return new Settings(config.maxConcurrent(), config.queueSize(),
          Duration.ofSeconds(config.queryTimeoutSeconds()), Duration.ofSeconds(config.cacheSeconds()),
          10_000, 256, Duration.ofMinutes(2), poll, Backoff.THROTTLED, 3);
    }

    public Settings withLimits(int concurrent, int queue) {
      return new Settings(concurrent, queue, defaultTimeout, cacheTtl, cacheMaxRows, cacheMaxEntries,
          abandonAfter, pollBackoff, throttleBackoff, maxUnreachablePolls);
    }

    public Settings withAbandonAfter(Duration after) {
      return new Settings(maxConcurrent, queueSize, defaultTimeout, cacheTtl, cacheMaxRows, cacheMaxEntries,
          after, pollBackoff, throttleBackoff, maxUnreachablePolls);
    }

    public Settings withCacheTtl(Duration ttl) {
      return new Settings(maxConcurrent, queueSize, defaultTimeout, ttl, cacheMaxRows, cacheMaxEntries,
          abandonAfter, pollBackoff, throttleBackoff, maxUnreachablePolls);
    }
  }

  private final Vertx vertx;
  private final QueryEngine engine;
  private final Settings settings;
  private final ResultCache cache;
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  /** Cacheable {@link #query} calls under way, by cache key: identical calls wait for them (see there). */
  private final Map<String, Future<ResultPage>> leaders = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Executions waiting for a slot, oldest first. Guarded by lock. */
  private final ArrayDeque<Execution> waiting = new ArrayDeque<>();
  /** Slots held (executions submitted or being submitted to the engine and not ended). Guarded by lock. */
  private int running;
  private final long sweepTimer;

  public EngineQueryService(Vertx vertx, QueryEngine engine, Settings settings) {
    this.vertx = vertx;
    this.engine = engine;
    this.settings = settings;
    this.cache = new ResultCache(settings.cacheTtl(), settings.cacheMaxRows(), settings.cacheMaxEntries(),
        InstantSource.system());
    long sweepEvery = Math.clamp(settings.abandonAfter().toMillis() / 4, 50L, 30_000L);
    this.sweepTimer = vertx.setPeriodic(sweepEvery, id -> sweep());
  }

  /** The engine this service runs queries on. */
  public QueryEngine engine() {
    return engine;
  }

  @Override
  public Future<QueryExecution> submit(QuerySpec spec, QueryOptions options) {
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
    String cacheKey = options != null && options.cacheable() && cache.enabled()
        ? ResultCache.key(engine.name(), spec) : null;
    // A stable idempotency token, so a submit repeated after throttling cannot start the query twice (Athena).
    QuerySpec engineSpec = spec.clientRequestToken() != null ? spec
        : new QuerySpec(spec.sql(), spec.parameters(), id);
    Execution execution = new Execution(id, engineSpec, timeout, cacheKey);

    if (cacheKey != null) {
      ResultCache.Entry hit = cache.get(cacheKey);
      if (hit != null) {
        execution.answerFromCache(hit);
        executions.put(id, execution);
        return Future.succeededFuture(snapshot(execution));
      }
    }
    boolean start;
    synchronized (lock) {
      if (running < settings.maxConcurrent()) {
        running++;
        execution.holdsSlot = true;
        start = true;
      } else if (waiting.size() < settings.queueSize()) {
        waiting.addLast(execution);
        start = false;
      } else {
        return Future.failedFuture(new QueryException(Kind.OVERLOADED, running + " queries are running on "
            + engine.name() + " and " + waiting.size() + " are waiting, the most allowed; try again later"));
      }
      executions.put(id, execution);
    }
    if (!start) {
      return Future.succeededFuture(snapshot(execution));
    }
    return startOnEngine(execution, true).map(v -> snapshot(execution));
  }

  @Override
  public Future<QueryExecution> execution(String executionId) {
    Execution execution = executions.get(executionId);
    if (execution == null) {
      return Future.failedFuture(notFound(executionId));
    }
    execution.touch();
    return Future.succeededFuture(snapshot(execution));
  }

  @Override
  public Future<ResultPage> results(String executionId, String pageToken, int maxRows) {
    Execution execution = executions.get(executionId);
    if (execution == null) {
      return Future.failedFuture(notFound(executionId));
    }
    execution.touch();
    if (maxRows < 1) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "maxRows must be at least 1"));
    }
    QueryState state;
    String engineQueryId;
    synchronized (lock) {
      if (execution.cachedResult != null) {
        return cachedPage(execution.cachedResult, pageToken, maxRows);
      }
      state = execution.state;
      engineQueryId = execution.engineQueryId;
    }
    return switch (state) {
      case SUCCEEDED -> engine.results(engineQueryId, pageToken, maxRows)
          .onSuccess(page -> capture(execution, pageToken, page));
      case FAILED -> Future.failedFuture(new QueryException(execution.failureKind, execution.error));
      case CANCELLED -> Future.failedFuture(new QueryException(Kind.CANCELLED,
          "execution " + executionId + " was cancelled" + (execution.error == null ? "" : ": " + execution.error)));
      case QUEUED, RUNNING -> Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "execution "
          + executionId + " is " + state + "; its results can be read once it has SUCCEEDED"));
    };
  }

  @Override
  public Future<Void> cancel(String executionId) {
    Execution execution = executions.get(executionId);
    if (execution == null) {
      return Future.failedFuture(notFound(executionId));
    }
    execution.touch();
    String engineQueryId;
    synchronized (lock) {
      if (execution.state.done()) {
        return Future.succeededFuture();
      }
      engineQueryId = execution.engineQueryId;
    }
    end(execution, QueryState.CANCELLED, Kind.CANCELLED, "cancelled by the client");
    // Without an engine id the submit is still under way; it cancels the query when it returns.
    return engineQueryId == null ? Future.succeededFuture() : engine.cancel(engineQueryId);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Identical cacheable calls are coalesced: while one runs, the others wait for it and are then answered
   * from the cache it filled, so a burst of requests for an expired entry runs the statement once, not once
   * per request. A caller whose leader failed, or whose result was too large to cache, runs its own.
   */
  @Override
  public Future<ResultPage> query(QuerySpec spec, QueryOptions options, int maxRows) {
    if (options == null || !options.cacheable() || !cache.enabled() || spec == null || spec.sql() == null) {
      return queryOnce(spec, options, maxRows);
    }
    String key = ResultCache.key(engine.name(), spec);
    Promise<ResultPage> mine = Promise.promise();
    Future<ResultPage> leader = leaders.putIfAbsent(key, mine.future());
    if (leader != null) {
      return leader.transform(ar -> queryOnce(spec, options, maxRows));
    }
    queryOnce(spec, options, maxRows).onComplete(ar -> {
      leaders.remove(key, mine.future());
      mine.handle(ar);
    });
    return mine.future();
  }

  private Future<ResultPage> queryOnce(QuerySpec spec, QueryOptions options, int maxRows) {
    return submit(spec, options).compose(submitted -> {
      Execution execution = executions.get(submitted.id());
      if (execution == null) {
        return Future.failedFuture(notFound(submitted.id()));
      }
      synchronized (lock) {
        execution.waiters++;
      }
      return execution.done.future()
          .compose(v -> results(execution.id, null, maxRows))
          .eventually(() -> {
            synchronized (lock) {
              execution.waiters--;
            }
            // The page is all the caller gets (it never saw the execution id): let the engine query go.
            return forget(execution);
          });
    });
  }

  @Override
  public Future<Boolean> ready() {
    return engine.ready().otherwise(false);
  }

  /** How many executions this service knows (running, waiting, ended and not yet forgotten). */
  public int executionCount() {
    return executions.size();
  }

  /** Cancels what still runs, forgets everything and closes the engine. */
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    List<Future<Void>> pending = new ArrayList<>();
    for (Execution execution : List.copyOf(executions.values())) {
      String engineQueryId;
      boolean wasRunning;
      synchronized (lock) {
        engineQueryId = execution.engineQueryId;
        wasRunning = !execution.state.done();
      }
      end(execution, QueryState.CANCELLED, Kind.CANCELLED, "the query service closed");
      if (wasRunning && engineQueryId != null) {
        pending.add(engine.cancel(engineQueryId).otherwiseEmpty());
      }
      pending.add(forget(execution));
    }
    return Future.join(pending).eventually(engine::close).mapEmpty();
  }

  // --- engine side ---------------------------------------------------------------------------------------

  /**
   * Submits to the engine. The future fails only for a failure the submitting caller should see at once
   * ({@code callerWaits}): then the execution is forgotten, since the caller never learns its id.
   */
  private Future<Void> startOnEngine(Execution execution, boolean callerWaits) {
    return engine.submit(execution.spec).transform(ar -> {
      if (ar.succeeded()) {
        submitted(execution, ar.result());
        return Future.succeededFuture();
      }
      QueryException failure = asQueryException(ar.cause());
      if (failure.kind() == Kind.OVERLOADED) {
        LakeportMetrics.current().engineThrottled(engine.name());
        long delay = settings.throttleBackoff().delayMillis(execution.throttledSubmits++);
        if (execution.withinTimeout(delay)) {
          LOG.debug("{} throttled execution {}; submitting again in {} ms", engine.name(), execution.id, delay);
          vertx.setTimer(delay, t -> {
            if (!execution.isDone()) {
              startOnEngine(execution, false);
            }
          });
          return Future.succeededFuture();
        }
      }
      end(execution, QueryState.FAILED, failure.kind(), failure.getMessage());
      if (callerWaits) {
        executions.remove(execution.id, execution);
        return Future.failedFuture(failure);
      }
      return Future.succeededFuture();
    });
  }

  private void submitted(Execution execution, String engineQueryId) {
    boolean cancelledMeanwhile;
    synchronized (lock) {
      execution.engineQueryId = engineQueryId;
      cancelledMeanwhile = execution.state.done();
      if (!cancelledMeanwhile) {
        execution.state = QueryState.RUNNING;
        execution.deadlineNanos = System.nanoTime() + execution.timeout.toNanos();
      }
    }
    if (cancelledMeanwhile) {
      engine.cancel(engineQueryId).onFailure(e -> LOG.warn("could not cancel {} query {}: {}",
          engine.name(), engineQueryId, e.getMessage()));
    } else {
      schedulePoll(execution);
    }
  }

  private void schedulePoll(Execution execution) {
    long delay = settings.pollBackoff().delayMillis(execution.polls++);
    long timer = vertx.setTimer(delay, t -> poll(execution));
    synchronized (lock) {
      execution.pollTimer = timer;
    }
  }

  private void poll(Execution execution) {
    String engineQueryId;
    synchronized (lock) {
      if (execution.state.done()) {
        return;
      }
      engineQueryId = execution.engineQueryId;
    }
    LakeportMetrics.current().enginePoll(engine.name());
    engine.status(engineQueryId).onComplete(ar -> {
      if (ar.succeeded()) {
        QueryStatus status = ar.result();
        synchronized (lock) {
          execution.unreachablePolls = 0;
          if (status.stats() != null) {
            execution.stats = status.stats();
          }
          if (!status.state().done() && !execution.state.done()) {
            // The engine's own queue is "in the engine": QUEUED here means waiting in this service.
            execution.state = QueryState.RUNNING;
          }
        }
        switch (status.state()) {
          case SUCCEEDED -> {
            end(execution, QueryState.SUCCEEDED, null, null);
            return;
          }
          case FAILED -> {
            end(execution, QueryState.FAILED, status.userError() ? Kind.INVALID_QUERY : Kind.ENGINE_FAILED,
                status.error() == null ? engine.name() + " reported the query failed without a reason"
                    : status.error());
            return;
          }
          case CANCELLED -> {
            end(execution, QueryState.CANCELLED, Kind.CANCELLED,
                status.error() == null ? "cancelled in " + engine.name() : status.error());
            return;
          }
          default -> {
          }
        }
      } else {
        QueryException failure = asQueryException(ar.cause());
        switch (failure.kind()) {
          case OVERLOADED -> {
            LakeportMetrics.current().engineThrottled(engine.name());
            LOG.debug("{} throttled a poll of {}", engine.name(), engineQueryId);
          }
          case ENGINE_UNAVAILABLE -> {
            int failed;
            synchronized (lock) {
              failed = ++execution.unreachablePolls;
            }
            if (failed > settings.maxUnreachablePolls()) {
              end(execution, QueryState.FAILED, Kind.ENGINE_UNAVAILABLE, failure.getMessage());
              return;
            }
          }
          default -> {
            end(execution, QueryState.FAILED, failure.kind() == Kind.NOT_FOUND ? Kind.ENGINE_FAILED : failure.kind(),
                failure.getMessage());
            return;
          }
        }
      }
      synchronized (lock) {
        if (execution.state.done()) {
          return;
        }
      }
      if (System.nanoTime() - execution.deadlineNanos > 0) {
        timeOut(execution, engineQueryId);
      } else {
        schedulePoll(execution);
      }
    });
  }

  private void timeOut(Execution execution, String engineQueryId) {
    if (end(execution, QueryState.FAILED, Kind.TIMEOUT, "the query ran longer than its timeout of "
        + execution.timeout.toSeconds() + " s and was cancelled") && engineQueryId != null) {
      engine.cancel(engineQueryId).onFailure(e -> LOG.warn("could not cancel timed-out {} query {}: {}",
          engine.name(), engineQueryId, e.getMessage()));
    }
  }

  /**
   * Moves an execution to its end state, frees its slot for the next waiting one and wakes up query()
   * callers. False when it had already ended (the first end wins).
   */
  private boolean end(Execution execution, QueryState state, Kind kind, String error) {
    Execution next = null;
    synchronized (lock) {
      if (execution.state.done()) {
        return false;
      }
      execution.state = state;
      execution.failureKind = kind;
      execution.error = error;
      execution.endedAt = Instant.now();
      if (execution.pollTimer >= 0) {
        vertx.cancelTimer(execution.pollTimer);
        execution.pollTimer = -1;
      }
      waiting.remove(execution);
      if (execution.holdsSlot) {
        execution.holdsSlot = false;
        running--;
        next = nextWaiting();
      }
    }
    execution.done.tryComplete();
    LakeportMetrics.current().queryEnded(engine.name(), outcome(state, kind),
        Duration.ofNanos(System.nanoTime() - execution.submittedNanos));
    if (next != null) {
      startOnEngine(next, false);
    }
    return true;
  }

  /** The {@code outcome} tag of {@code lakeport_query_duration_seconds}. */
  static String outcome(QueryState state, Kind kind) {
    return switch (state) {
      case SUCCEEDED -> "succeeded";
      case CANCELLED -> "cancelled";
      default -> kind == Kind.TIMEOUT ? "timeout" : "failed";
    };
  }

  /** Takes the oldest waiting execution and gives it a slot. Called under lock. */
  private Execution nextWaiting() {
    Execution next = waiting.pollFirst();
    if (next != null) {
      running++;
      next.holdsSlot = true;
    }
    return next;
  }

  /** Drops an execution and lets the engine release what it holds for it; never fails. */
  private Future<Void> forget(Execution execution) {
    executions.remove(execution.id, execution);
    String engineQueryId;
    synchronized (lock) {
      engineQueryId = execution.cachedResult == null ? execution.engineQueryId : null;
    }
    return engineQueryId == null ? Future.succeededFuture() : engine.release(engineQueryId).otherwiseEmpty();
  }

  private void sweep() {
    long now = System.nanoTime();
    long abandonNanos = settings.abandonAfter().toNanos();
    for (Execution execution : executions.values()) {
      boolean abandoned;
      boolean queuedTooLong;
      String engineQueryId;
      synchronized (lock) {
        if (execution.waiters > 0) {
          continue;
        }
        abandoned = now - execution.lastTouchedNanos > abandonNanos;
        queuedTooLong = !execution.state.done() && execution.engineQueryId == null
            && now - execution.submittedNanos > execution.timeout.toNanos();
        engineQueryId = execution.engineQueryId;
      }
      if (abandoned) {
        if (end(execution, QueryState.CANCELLED, Kind.CANCELLED, "abandoned: nobody asked about it for "
            + settings.abandonAfter().toSeconds() + " s") && engineQueryId != null) {
          LOG.info("cancelling abandoned {} query {} (execution {})", engine.name(), engineQueryId, execution.id);
          engine.cancel(engineQueryId).onFailure(e -> LOG.warn("could not cancel abandoned {} query {}: {}",
              engine.name(), engineQueryId, e.getMessage()));
        }
        forget(execution);
      } else if (queuedTooLong) {
        end(execution, QueryState.FAILED, Kind.TIMEOUT, "the query waited longer than its timeout of "
            + execution.timeout.toSeconds() + " s before " + engine.name() + " took it");
      }
    }
    cache.evictExpired();
  }

  // --- results -------------------------------------------------------------------------------------------

  /** Follows a cacheable execution's pages from the first; a complete, small enough result goes to the cache. */
  private void capture(Execution execution, String pageToken, ResultPage page) {
    ResultCache.Entry complete = null;
    synchronized (lock) {
      if (execution.cacheKey == null || execution.captureOver) {
        return;
      }
      if (!Objects.equals(pageToken, execution.captureExpects)) {
        // A page asked again is fine; anything else means the pages were not read in order from the first.
        if (!Objects.equals(pageToken, execution.captureLastToken)) {
          execution.stopCapture();
        }
        return;
      }
      if (execution.captured.size() + page.rows().size() > cache.maxRows()) {
        execution.stopCapture();
        return;
      }
      execution.captured.addAll(page.rows());
      execution.captureLastToken = pageToken;
      execution.captureExpects = page.nextToken();
      if (page.nextToken() == null) {
        complete = new ResultCache.Entry(execution.engineQueryId, page.columns(), execution.captured,
            execution.stats, Instant.now());
        execution.stopCapture();
      }
    }
    if (complete != null) {
      cache.put(execution.cacheKey, complete.engineQueryId(), complete.columns(), complete.rows(), complete.stats());
    }
  }

  private static Future<ResultPage> cachedPage(ResultCache.Entry entry, String pageToken, int maxRows) {
    int offset = 0;
    if (pageToken != null) {
      try {
        offset = pageToken.startsWith("c") ? Integer.parseInt(pageToken.substring(1)) : -1;
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
        end < entry.rows().size() ? "c" + end : null));
  }

  // --- helpers -------------------------------------------------------------------------------------------

  private QueryExecution snapshot(Execution execution) {
    synchronized (lock) {
      return new QueryExecution(execution.id, execution.engineQueryId, execution.spec.sql(), execution.state,
          execution.error, execution.stats, execution.submittedAt, execution.endedAt,
          execution.cachedResult != null);
    }
  }

  private static QueryException notFound(String executionId) {
    return new QueryException(Kind.NOT_FOUND, "no query execution " + executionId
        + " (unknown, or forgotten after it was not asked about for a while)");
  }

  private QueryException asQueryException(Throwable cause) {
    return cause instanceof QueryException q ? q
        : new QueryException(Kind.ENGINE_FAILED, engine.name() + " failed: " + cause, cause);
  }

  /** One submitted query. Mutable fields are guarded by the service's lock. */
  private static final class Execution {
    final String id;
    final QuerySpec spec;
    final Duration timeout;
    final String cacheKey;
    final Instant submittedAt = Instant.now();
    final long submittedNanos = System.nanoTime();
    final Promise<Void> done = Promise.promise();

    String engineQueryId;
    QueryState state = QueryState.QUEUED;
    String error;
    Kind failureKind;
    QueryStats stats = QueryStats.UNKNOWN;
    Instant endedAt;
    ResultCache.Entry cachedResult;

    volatile long lastTouchedNanos = System.nanoTime();
    boolean holdsSlot;
    int waiters;
    long deadlineNanos;
    long pollTimer = -1;
    int polls;
    int unreachablePolls;
    int throttledSubmits;

    boolean captureOver;
    String captureExpects;
    String captureLastToken;
    List<List<Object>> captured = new ArrayList<>();

    Execution(String id, QuerySpec spec, Duration timeout, String cacheKey) {
      this.id = id;
      this.spec = spec;
      this.timeout = timeout;
      this.cacheKey = cacheKey;
      this.captureOver = cacheKey == null;
    }

    void answerFromCache(ResultCache.Entry entry) {
      cachedResult = entry;
      engineQueryId = entry.engineQueryId();
      stats = entry.stats();
      state = QueryState.SUCCEEDED;
      endedAt = submittedAt;
      captureOver = true;
      done.complete();
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

    boolean isDone() {
      return done.future().isComplete();
    }
  }
}
