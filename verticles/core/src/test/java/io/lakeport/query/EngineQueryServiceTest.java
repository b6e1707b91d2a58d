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
 * rejection, a complete cacheable result answers the next identical query until a commit drops it.
 */
class EngineQueryServiceTest {

  private static final QueryOptions CACHEABLE = new QueryOptions(Duration.ofSeconds(60), true);
  private static final QueryOptions PLAIN = new QueryOptions(Duration.ofSeconds(60), false);
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), false);
  private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("x", "bigint"));

  private final Vertx vertx = Vertx.vertx();
  private final ScriptedQueryEngine engine = new ScriptedQueryEngine();
  private final EngineQueryService service = new EngineQueryService(vertx, engine, new QueryServiceSettings(1, 1,
      Duration.ofSeconds(60), Duration.ofSeconds(60), 100, 10, Duration.ofMinutes(2), QUICK, QUICK, 3));

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

  @Test
  void aClosedServiceRefusesNewQueriesAsUnavailable() throws Exception {
    await(service.close());
    Future<QueryExecution> late = service.submit(QuerySpec.of("SELECT 1"), PLAIN);
    assertThat(late.failed()).isTrue();
    assertThat(late.cause()).isInstanceOfSatisfying(QueryRejectedException.class,
        e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.ENGINE_UNAVAILABLE));
  }
}
