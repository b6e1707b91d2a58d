package io.lakeport.query;

import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Execution: takes an admitted query to the engine and follows it to its end.
 * <ul>
 *   <li><b>Submit:</b> a query is QUEUED until the engine has it and RUNNING from then on, the engine's own
 *   queue included. An adapter signals throttling with a {@link QueryException} of kind OVERLOADED (see
 *   {@link QueryEngine}): a throttled submit is repeated after the throttle backoff (with the same
 *   clientRequestToken) while the query's timeout allows, and the query stays QUEUED meanwhile.</li>
 *   <li><b>Polling:</b> status calls paced by the poll backoff; a throttled poll just polls again later. A
 *   running query survives {@code maxUnreachablePolls} failed polls in a row (engine unreachable), then ends
 *   FAILED with ENGINE_UNAVAILABLE.</li>
 *   <li><b>Timeout:</b> a query still running {@code timeout} after it reached the engine is cancelled there
 *   and ends FAILED with TIMEOUT.</li>
 *   <li><b>Cancel:</b> ends the query CANCELLED and stops it in the engine; a query cancelled while its submit
 *   is under way is stopped as soon as the engine's id arrives.</li>
 * </ul>
 * Failed queries keep the {@link Kind} their results fail with: INVALID_QUERY for a statement the engine
 * rejected ({@link QueryStatus#userError()}), ENGINE_FAILED for other engine failures, TIMEOUT,
 * ENGINE_UNAVAILABLE. Every end, whichever way, goes through {@link #end} exactly once and is then handed to
 * the {@code onEnded} listener (which frees the query's slot).
 */
final class QueryExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(QueryExecutor.class);

  private final Vertx vertx;
  private final QueryEngine engine;
  private final Backoff pollBackoff;
  private final Backoff throttleBackoff;
  private final int maxUnreachablePolls;
  private final Consumer<TrackedQuery> onEnded;

  QueryExecutor(Vertx vertx, QueryEngine engine, Backoff pollBackoff, Backoff throttleBackoff,
                int maxUnreachablePolls, Consumer<TrackedQuery> onEnded) {
    this.vertx = vertx;
    this.engine = engine;
    this.pollBackoff = pollBackoff;
    this.throttleBackoff = throttleBackoff;
    this.maxUnreachablePolls = maxUnreachablePolls;
    this.onEnded = onEnded;
  }

  /**
   * Submits to the engine. The future fails only for a failure the submitting caller should see at once
   * ({@code callerWaits}); the query has then ended FAILED.
   */
  Future<Void> start(TrackedQuery query, boolean callerWaits) {
    return engine.submit(query.spec).transform(ar -> {
      if (ar.succeeded()) {
        submitted(query, ar.result());
        return Future.succeededFuture();
      }
      QueryException failure = asQueryException(ar.cause());
      if (failure.kind() == Kind.OVERLOADED) {
        LakeportMetrics.current().engineThrottled(engine.name());
        long delay;
        synchronized (query) {
          delay = throttleBackoff.delayMillis(query.throttledSubmits++);
        }
        if (query.withinTimeout(delay)) {
          LOG.debug("{} throttled execution {}; submitting again in {} ms", engine.name(), query.id, delay);
          vertx.setTimer(delay, t -> {
            if (!query.ended()) {
              start(query, false);
            }
          });
          return Future.succeededFuture();
        }
      }
      end(query, QueryState.FAILED, failure.kind(), failure.getMessage());
      return callerWaits ? Future.failedFuture(failure) : Future.succeededFuture();
    });
  }

  /** Ends the query CANCELLED with {@code reason} and stops it in the engine; succeeds if it had ended already. */
  Future<Void> cancel(TrackedQuery query, String reason) {
    String engineQueryId = query.engineQueryId();
    if (!end(query, QueryState.CANCELLED, Kind.CANCELLED, reason)) {
      return Future.succeededFuture();
    }
    // Without an engine id the submit is still under way; it cancels the query when it returns.
    return engineQueryId == null ? Future.succeededFuture() : engine.cancel(engineQueryId);
  }

  /** Ends a query that waited longer than its timeout before the engine took it. */
  void expireWaiting(TrackedQuery query) {
    end(query, QueryState.FAILED, Kind.TIMEOUT, "the query waited longer than its timeout of "
        + query.timeout.toSeconds() + " s before " + engine.name() + " took it");
  }

  /**
   * Moves a query to its end state, stops its polling, tells the {@code onEnded} listener and then wakes up
   * whoever waits for it. False when it had already ended (the first end wins).
   */
  boolean end(TrackedQuery query, QueryState state, Kind kind, String error) {
    long pollTimer;
    synchronized (query) {
      if (!query.finish(state, kind, error)) {
        return false;
      }
      pollTimer = query.pollTimer;
      query.pollTimer = -1;
    }
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    LakeportMetrics.current().queryEnded(engine.name(), outcome(state, kind),
        Duration.ofNanos(System.nanoTime() - query.submittedNanos));
    onEnded.accept(query);
    // Last: whoever waits for the end then finds its slot freed and its outcome recorded.
    query.done.tryComplete();
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

  /** Asks the engine to stop a query this service gave up on ({@code why}); a failure is only logged. */
  void stopInEngine(String engineQueryId, String why) {
    engine.cancel(engineQueryId).onFailure(e -> LOG.warn("could not cancel {} {} query {}: {}", why,
        engine.name(), engineQueryId, e.getMessage()));
  }

  private void submitted(TrackedQuery query, String engineQueryId) {
    boolean cancelledMeanwhile;
    synchronized (query) {
      query.engineQueryId = engineQueryId;
      cancelledMeanwhile = query.state.done();
      if (!cancelledMeanwhile) {
        query.state = QueryState.RUNNING;
        query.deadlineNanos = System.nanoTime() + query.timeout.toNanos();
      }
    }
    if (cancelledMeanwhile) {
      stopInEngine(engineQueryId, "cancelled");
    } else {
      schedulePoll(query);
    }
  }

  private void schedulePoll(TrackedQuery query) {
    synchronized (query) {
      long delay = pollBackoff.delayMillis(query.polls++);
      query.pollTimer = vertx.setTimer(delay, t -> poll(query));
    }
  }

  private void poll(TrackedQuery query) {
    String engineQueryId;
    synchronized (query) {
      if (query.state.done()) {
        return;
      }
      engineQueryId = query.engineQueryId;
    }
    LakeportMetrics.current().enginePoll(engine.name());
    engine.status(engineQueryId).onComplete(ar -> {
      if (ar.succeeded() ? polled(query, ar.result()) : pollFailed(query, engineQueryId, ar.cause())) {
        return;
      }
      if (query.ended()) {
        return;
      }
      if (System.nanoTime() - query.deadlineNanos > 0) {
        timeOut(query, engineQueryId);
      } else {
        schedulePoll(query);
      }
    });
  }

  /** Takes in a status the engine answered; true when the query ended with it. */
  private boolean polled(TrackedQuery query, QueryStatus status) {
    synchronized (query) {
      query.unreachablePolls = 0;
      if (pollsAgainAtOnce(engine.longPolls(), query.stats, status.stats())) {
        query.polls = 0;
      }
      if (status.stats() != null) {
        query.stats = status.stats();
      }
      if (!status.state().done() && !query.state.done()) {
        // The engine's own queue is "in the engine": QUEUED here means waiting in this service.
        query.state = QueryState.RUNNING;
      }
    }
    switch (status.state()) {
      case SUCCEEDED -> end(query, QueryState.SUCCEEDED, null, null);
      case FAILED -> end(query, QueryState.FAILED, status.userError() ? Kind.INVALID_QUERY : Kind.ENGINE_FAILED,
          status.error() == null ? engine.name() + " reported the query failed without a reason" : status.error());
      case CANCELLED -> end(query, QueryState.CANCELLED, Kind.CANCELLED,
          status.error() == null ? "cancelled in " + engine.name() : status.error());
      case QUEUED, RUNNING -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the next status call goes out after the poll backoff's first pause again: for a long-polling engine,
   * after a call that brought news (the query's figures moved), since the engine itself waits when there is
   * none; the pause grows only while calls bring nothing new.
   */
  static boolean pollsAgainAtOnce(boolean longPolls, QueryStats before, QueryStats after) {
    return longPolls && after != null && !after.equals(before);
  }

  /** Takes in a failed status call; true when the query ended because of it. */
  private boolean pollFailed(TrackedQuery query, String engineQueryId, Throwable cause) {
    QueryException failure = asQueryException(cause);
    switch (failure.kind()) {
      case OVERLOADED -> {
        LakeportMetrics.current().engineThrottled(engine.name());
        LOG.debug("{} throttled a poll of {}", engine.name(), engineQueryId);
        return false;
      }
      case ENGINE_UNAVAILABLE -> {
        int failed;
        synchronized (query) {
          failed = ++query.unreachablePolls;
        }
        if (failed > maxUnreachablePolls) {
          end(query, QueryState.FAILED, Kind.ENGINE_UNAVAILABLE, failure.getMessage());
          return true;
        }
        return false;
      }
      default -> {
        end(query, QueryState.FAILED, failure.kind() == Kind.NOT_FOUND ? Kind.ENGINE_FAILED : failure.kind(),
            failure.getMessage());
        return true;
      }
    }
  }

  private void timeOut(TrackedQuery query, String engineQueryId) {
    if (end(query, QueryState.FAILED, Kind.TIMEOUT, "the query ran longer than its timeout of "
        + query.timeout.toSeconds() + " s and was cancelled") && engineQueryId != null) {
      stopInEngine(engineQueryId, "timed-out");
    }
  }

  private QueryException asQueryException(Throwable cause) {
    return cause instanceof QueryException q ? q
        : new QueryException(Kind.ENGINE_FAILED, engine.name() + " failed: " + cause, cause);
  }
}
