package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Execution against a scripted engine: submit (repeated while throttled), polling until the engine reports an
 * end, unreachable polls, timeout and cancel. Each test waits for the query's end, never for a time.
 */
class QueryExecutorTest {

  /** Pauses of a millisecond: the scripted engine answers at once, so nothing waits on these. */
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), false);

  private final Vertx vertx = Vertx.vertx();
  private final ScriptedQueryEngine engine = new ScriptedQueryEngine();
  private final List<TrackedQuery> ended = new CopyOnWriteArrayList<>();
  private final QueryExecutor executor = new QueryExecutor(vertx, engine, QUICK, QUICK, 2, ended::add);

  @AfterEach
  void closeVertx() throws Exception {
    await(vertx.close());
  }

  private static TrackedQuery query(Duration timeout) {
    return new TrackedQuery("x1", new QuerySpec("SELECT 1", List.of(), "x1"), timeout, null, 0);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void awaitEnd(TrackedQuery query) throws Exception {
    await(query.done.future());
  }

  @Test
  void aQueryIsPolledUntilTheEngineReportsItSucceeded() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    engine.statusAnswer = id -> Future.succeededFuture(polls.incrementAndGet() < 3
        ? ScriptedQueryEngine.running(id) : ScriptedQueryEngine.succeeded(id));
    TrackedQuery query = query(Duration.ofMinutes(1));
    await(executor.start(query, true));
    awaitEnd(query);
    QueryExecution execution = query.snapshot();
    assertThat(execution.state()).isEqualTo(QueryState.SUCCEEDED);
    assertThat(execution.engineQueryId()).isEqualTo("e1");
    assertThat(execution.stats()).as("the engine's last stats").isEqualTo(new QueryStats(1, 2, 3, 4));
    assertThat(engine.statusCalls).containsExactly("e1", "e1", "e1");
    assertThat(ended).as("the end is told once").containsExactly(query);
  }

  @Test
  void aThrottledSubmitIsRepeatedWithTheSameTokenUntilTheEngineTakesIt() throws Exception {
    AtomicInteger submits = new AtomicInteger();
    engine.submitAnswer = spec -> submits.incrementAndGet() <= 2
        ? Future.failedFuture(ScriptedQueryEngine.failure(Kind.OVERLOADED)) : Future.succeededFuture("e9");
    engine.statusAnswer = id -> Future.succeededFuture(ScriptedQueryEngine.succeeded(id));
    TrackedQuery query = query(Duration.ofMinutes(1));
    await(executor.start(query, true));
    awaitEnd(query);
    assertThat(query.snapshot().state()).isEqualTo(QueryState.SUCCEEDED);
    assertThat(engine.submitted).hasSize(3)
        .extracting(QuerySpec::clientRequestToken).containsOnly("x1");
  }

  @Test
  void aQueryOutlivesAFewUnreachablePollsThenFailsAsEngineUnavailable() throws Exception {
    engine.statusAnswer = id -> Future.failedFuture(ScriptedQueryEngine.failure(Kind.ENGINE_UNAVAILABLE));
    TrackedQuery query = query(Duration.ofMinutes(1));
    await(executor.start(query, true));
    awaitEnd(query);
    assertThat(query.snapshot().state()).isEqualTo(QueryState.FAILED);
    assertThat(query.failureKind).isEqualTo(Kind.ENGINE_UNAVAILABLE);
    assertThat(engine.statusCalls).as("two failed polls are survived, the third ends it").hasSize(3);
  }

  @Test
  void aStatementTheEngineRejectsFailsAsInvalidQueryWithTheEnginesReason() throws Exception {
    engine.statusAnswer = id -> Future.succeededFuture(new QueryStatus(id, QueryState.FAILED,
        "line 1:8: Column 'nope' cannot be resolved", QueryStatus.USER_ERROR, QueryStats.UNKNOWN));
    TrackedQuery query = query(Duration.ofMinutes(1));
    await(executor.start(query, true));
    awaitEnd(query);
    assertThat(query.failureKind).isEqualTo(Kind.INVALID_QUERY);
    assertThat(query.snapshot().error()).isEqualTo("line 1:8: Column 'nope' cannot be resolved");
  }

  @Test
  void aQueryRunningPastItsTimeoutIsCancelledInTheEngineAndFailsAsTimeout() throws Exception {
    TrackedQuery query = query(Duration.ofMillis(50));
    await(executor.start(query, true));
    awaitEnd(query);
    assertThat(query.snapshot().state()).isEqualTo(QueryState.FAILED);
    assertThat(query.failureKind).isEqualTo(Kind.TIMEOUT);
    // The engine is told after the end is recorded: wait for that call, not for a time.
    assertThat(engine.firstCancel.get(30, TimeUnit.SECONDS)).as("the timed-out query is cancelled in the engine")
        .isEqualTo("e1");
    assertThat(engine.cancelled).containsExactly("e1");
  }

  @Test
  void aSubmitTheEngineRefusesFailsTheWaitingCallerAndEndsTheQuery() {
    engine.submitAnswer = spec -> Future.failedFuture(ScriptedQueryEngine.failure(Kind.ENGINE_UNAVAILABLE));
    TrackedQuery query = query(Duration.ofMinutes(1));
    Future<Void> started = executor.start(query, true);
    assertThat(started.failed()).isTrue();
    assertThat(started.cause()).isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).kind()).isEqualTo(Kind.ENGINE_UNAVAILABLE);
    assertThat(query.snapshot().state()).isEqualTo(QueryState.FAILED);
    assertThat(ended).containsExactly(query);
  }

  @Test
  void aQueryCancelledWhileItsSubmitIsUnderWayIsStoppedOnceTheEngineNamesIt() {
    Promise<String> submit = Promise.promise();
    engine.submitAnswer = spec -> submit.future();
    TrackedQuery query = query(Duration.ofMinutes(1));
    executor.start(query, true);
    assertThat(executor.cancel(query, "cancelled by the client").succeeded()).isTrue();
    assertThat(query.snapshot().state()).isEqualTo(QueryState.CANCELLED);
    assertThat(engine.cancelled).as("nothing to cancel before the engine has an id").isEmpty();
    submit.complete("e7");
    assertThat(engine.cancelled).containsExactly("e7");
    assertThat(engine.statusCalls).as("a cancelled query is not polled").isEmpty();
  }

  @Test
  void theFirstEndWinsAndIsToldOnce() throws Exception {
    TrackedQuery query = query(Duration.ofMinutes(1));
    await(executor.start(query, true));
    assertThat(executor.cancel(query, "cancelled by the client").succeeded()).isTrue();
    assertThat(engine.cancelled).containsExactly("e1");
    assertThat(executor.end(query, QueryState.SUCCEEDED, null, null)).isFalse();
    assertThat(executor.cancel(query, "again").succeeded()).as("cancelling an ended query succeeds").isTrue();
    assertThat(engine.cancelled).as("and asks the engine nothing more").containsExactly("e1");
    assertThat(query.snapshot().state()).isEqualTo(QueryState.CANCELLED);
    assertThat(query.snapshot().error()).isEqualTo("cancelled by the client");
    assertThat(ended).containsExactly(query);
  }

  @Test
  void aLongPollingEngineIsAskedAgainAtOnceOnlyAfterACallThatBroughtNews() {
    QueryStats before = new QueryStats(5, 10, 100, 1_000);
    QueryStats moved = new QueryStats(5, 30, 400, 4_000);
    assertThat(QueryExecutor.pollsAgainAtOnce(true, before, moved)).isTrue();
    assertThat(QueryExecutor.pollsAgainAtOnce(true, QueryStats.UNKNOWN, before)).isTrue();
    assertThat(QueryExecutor.pollsAgainAtOnce(true, moved, new QueryStats(5, 30, 400, 4_000)))
        .as("nothing new: the pause grows").isFalse();
    assertThat(QueryExecutor.pollsAgainAtOnce(true, moved, null)).isFalse();
    assertThat(QueryExecutor.pollsAgainAtOnce(false, before, moved)).as("an engine that answers at once (Athena)")
        .isFalse();
  }
}
