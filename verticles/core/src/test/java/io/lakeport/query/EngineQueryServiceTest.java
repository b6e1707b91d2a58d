package io.lakeport.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composition of the policies against a scripted engine (the same behaviour against Trino is
 * EngineQueryServiceIT): a slot freed by one query starts the next, a full queue refuses with a typed
 * rejection, a complete cacheable result answers the next identical query until a commit drops it, a
 * submitted query's rows are read ahead (its row count known before its last page is read) and any page read
 * again.
 */
class EngineQueryServiceTest {

  private static final QueryOptions CACHEABLE = new QueryOptions(Duration.ofSeconds(60), true);
  private static final QueryOptions PLAIN = new QueryOptions(Duration.ofSeconds(60), false);
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), false);
  private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("x", "bigint"));

  private final Vertx vertx = Vertx.vertx();
  private final ScriptedQueryEngine engine = new ScriptedQueryEngine();
  private final EngineQueryService service = new EngineQueryService(vertx, engine, new QueryServiceSettings(1, 1,
      Duration.ofSeconds(60), Duration.ofSeconds(60), 100, 10, Duration.ofMinutes(2), QUICK, QUICK, 3, 100));

  @AfterEach
  void close() throws Exception {
    await(service.close());
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aFullQueueRefusesAndAFreedSlotStartsTheQueryThatWaited() throws Exception {
    QueryExecution first = await(service.submit(QuerySpec.of("SELECT 1"), PLAIN));
    QueryExecution second = await(service.submit(QuerySpec.of("SELECT 2"), PLAIN));
    assertThat(first.state()).isEqualTo(QueryState.RUNNING);
    assertThat(second.state()).as("one slot: the second waits").isEqualTo(QueryState.QUEUED);

    Future<QueryExecution> third = service.submit(QuerySpec.of("SELECT 3"), PLAIN);
    assertThat(third.failed()).isTrue();
    assertThat(third.cause()).isInstanceOfSatisfying(QueryRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(QueryRejectedException.Reason.FULL);
      assertThat(e.kind().httpStatus()).isEqualTo(429);
    });

    await(service.cancel(first.id()));
    assertThat(engine.submitted).as("the slot the first freed went to the second")
        .extracting(QuerySpec::sql).containsExactly("SELECT 1", "SELECT 2");
    assertThat(await(service.execution(second.id())).engineQueryId()).isEqualTo("e2");
  }

  @Test
  void aCompleteCacheableResultAnswersTheNextIdenticalQueryUntilACommitDropsIt() throws Exception {
    engine.statusAnswer = id -> Future.succeededFuture(ScriptedQueryEngine.succeeded(id));
    for (String id : List.of("e1", "e2")) {
      engine.result(id, List.of(new ResultPage(COLUMNS, List.of(List.of(1L)), null)));
    }
    QuerySpec spec = QuerySpec.of("SELECT x FROM t");
    assertThat(await(service.query(spec, CACHEABLE, 10)).rows()).containsExactly(List.of(1L));

    QueryExecution cached = await(service.submit(spec, CACHEABLE));
    assertThat(cached.cached()).isTrue();
    assertThat(cached.state()).isEqualTo(QueryState.SUCCEEDED);
    assertThat(cached.engineQueryId()).as("the original's engine query").isEqualTo("e1");
    assertThat(engine.submitted).as("no new engine query").hasSize(1);

    service.dropCachedResults();
    assertThat(await(service.query(spec, CACHEABLE, 10)).rows()).containsExactly(List.of(1L));
    assertThat(engine.submitted).as("after a commit the statement runs again").hasSize(2);
  }

  /** Asks for the execution until {@code wanted} holds (the scripted engine's end is noticed by a poll). */
  private QueryExecution awaitExecution(String id, java.util.function.Predicate<QueryExecution> wanted)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    QueryExecution execution = await(service.execution(id));
    while (!wanted.test(execution)) {
      assertThat(System.nanoTime() - deadline).as("waited 30 s for " + execution).isNegative();
      Thread.sleep(5);
      execution = await(service.execution(id));
    }
    return execution;
  }

  @Test
  void aSubmittedQuerysRowsAreReadAheadAndAnyPageCanBeReadAgain() throws Exception {
    engine.statusAnswer = id -> Future.succeededFuture(ScriptedQueryEngine.succeeded(id));
    engine.numbers("e1", 25, 5);
    String id = await(service.submit(QuerySpec.of("SELECT x FROM t"), PLAIN)).id();
    QueryExecution done = awaitExecution(id, e -> e.state().done() && e.rowCount() != null);
    assertThat(done.state()).isEqualTo(QueryState.SUCCEEDED);
    assertThat(done.rowCount()).as("known before any page was read").isEqualTo(25L);

    ResultPage first = await(service.results(id, null, 10));
    ResultPage second = await(service.results(id, first.nextToken(), 10));
    ResultPage third = await(service.results(id, second.nextToken(), 10));
    assertThat(third.rows()).hasSize(5);
    assertThat(third.nextToken()).isNull();
    assertThat(await(service.results(id, second.nextToken(), 10)).rows()).as("page 3 again").isEqualTo(third.rows());
    assertThat(await(service.results(id, null, 10)).rows()).as("page 1 again").isEqualTo(first.rows());
    assertThat(await(service.results(id, first.nextToken(), 10)).rows()).as("page 2 again")
        .isEqualTo(second.rows());
    assertThat(first.rows().getFirst()).isEqualTo(List.of(1L));
    assertThat(second.rows().getFirst()).isEqualTo(List.of(11L));
    assertThat(engine.resultCalls).as("each engine page read once, ahead of the client")
        .containsExactly("e1:", "e1:t5", "e1:t10", "e1:t15", "e1:t20");
  }

  @Test
  void queryReadsOnlyAsFarAsItsFirstPage() throws Exception {
    engine.statusAnswer = id -> Future.succeededFuture(ScriptedQueryEngine.succeeded(id));
    engine.numbers("e1", 25, 5);
    ResultPage page = await(service.query(QuerySpec.of("SELECT x FROM t"), PLAIN, 10));
    assertThat(page.rows()).hasSize(10);
    assertThat(page.nextToken()).isNotNull();
    assertThat(engine.resultCalls).containsExactly("e1:", "e1:t5");
    assertThat(service.executionCount()).isZero();
    assertThat(engine.released).containsExactly("e1");
  }

  @Test
  void aClosedServiceRefusesNewQueriesAsUnavailable() throws Exception {
    await(service.close());
    Future<QueryExecution> late = service.submit(QuerySpec.of("SELECT 1"), PLAIN);
    assertThat(late.failed()).isTrue();
    assertThat(late.cause()).isInstanceOfSatisfying(QueryRejectedException.class,
        e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.ENGINE_UNAVAILABLE));
  }
}
