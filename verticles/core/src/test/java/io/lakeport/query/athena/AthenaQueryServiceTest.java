package io.lakeport.query.athena;

import io.lakeport.config.LakeportConfig;
import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryServiceSettings;
import io.lakeport.query.QueryEngine;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.query.QueryExecution;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.ResultPage;
import io.lakeport.query.ResultPagesAgain;
import io.lakeport.query.athena.FakeAthenaServer.Column;
import io.lakeport.query.athena.FakeAthenaServer.FakeError;
import io.lakeport.query.athena.FakeAthenaServer.QueryScript;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared query service over the Athena adapter, against {@link FakeAthenaServer}: throttling that the
 * SDK does not absorb reaches the service as OVERLOADED and is retried there, with the same
 * ClientRequestToken, so Athena runs the query once. Also the engine factory for {@code engine.kind: athena}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class AthenaQueryServiceTest {

  private static final QueryOptions PLAIN = new QueryOptions(Duration.ofSeconds(60), false);
  /** SDK retries off: every throttled call reaches the service. */

  @RegisterExtension
  static final AthenaHttpClient http = new AthenaHttpClient();
  private Vertx vertx;
  private FakeAthenaServer fake;
  private final List<EngineQueryService> services = new ArrayList<>();
  private final List<QueryEngine> engines = new ArrayList<>();
  /** Keeps what the service records when no Vert.x registry is the default (a plain test Vertx has none). */
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    Metrics.globalRegistry.add(meters);
    this.vertx = vertx;
    FakeAthenaServer.start(vertx).onComplete(ctx.succeeding(started -> {
      fake = started.workgroup(AthenaEngineTest.WORKGROUP, true);
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    Metrics.globalRegistry.remove(meters);
    Future.join(services.stream().map(EngineQueryService::close).toList())
        .compose(v -> Future.join(engines.stream().map(QueryEngine::close).toList()))
        .compose(v -> fake.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  private EngineQueryService service() {
    AthenaEngine engine = http.engine(vertx, fake, AthenaEngineTest.NO_RETRIES, AthenaEngineTest.SETTINGS);
    EngineQueryService service = new EngineQueryService(vertx, engine,
        QueryServiceSettings.of(AthenaEngineTest.engineConfig(fake.endpoint())));
    services.add(service);
    return service;
  }

  /** A meter's count in the registry the service records to (whichever is current), 0 when absent. */
  private static double count(String name, String... tags) {
    Search search = LakeportMetrics.current().registry().find(name).tags(tags);
    if (search.counter() != null) {
      return search.counter().count();
    }
    return search.timer() == null ? 0 : search.timer().count();
  }

  private Future<QueryExecution> awaitExecution(EngineQueryService service, String id,
                                                Predicate<QueryExecution> wanted) {
    return service.execution(id).compose(execution -> wanted.test(execution) ? Future.succeededFuture(execution)
        : pause(20).compose(v -> awaitExecution(service, id, wanted)));
  }

  private Future<Void> pause(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, t -> promise.complete());
    return promise.future();
  }

  @Test
  void throttledSubmitIsRepeatedByTheServiceWithTheSameTokenAndRunsOnce(VertxTestContext ctx) {
    String sql = "SELECT id FROM ms1_usuarios ORDER BY id";
    fake.script(sql, QueryScript.select(List.of(Column.of("id", "bigint")), List.of(List.of("1"), List.of("2"))));
    fake.failNext("StartQueryExecution", 2, FakeError.tooManyRequests());
    EngineQueryService service = service();
    double throttledBefore = count("lakeport.engine.throttled", "engine", "athena");
    double succeededBefore = count("lakeport.query.duration", "engine", "athena", "outcome", "succeeded");

    service.submit(QuerySpec.of(sql), PLAIN)
        .compose(submitted -> awaitExecution(service, submitted.id(), e -> e.state().done())
            .compose(done -> service.results(done.id(), null, 100).map(page -> List.of(done, page))))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          QueryExecution done = (QueryExecution) result.get(0);
          ResultPage page = (ResultPage) result.get(1);
          assertThat(done.state()).as(done.error()).isEqualTo(QueryState.SUCCEEDED);
          assertThat(page.rows()).containsExactly(List.of(1L), List.of(2L));

          List<JsonObject> starts = fake.requests("StartQueryExecution");
          assertThat(starts).hasSize(3);
          assertThat(starts).extracting(s -> s.getString("ClientRequestToken")).containsOnly(done.id());
          assertThat(fake.executionCount()).isEqualTo(1);
          assertThat(fake.execution(done.engineQueryId())).isNotNull();
          // docs/operations.md, "Metrics": each throttled submit, and the query's end with its outcome.
          assertThat(count("lakeport.engine.throttled", "engine", "athena") - throttledBefore).isEqualTo(2);
          assertThat(count("lakeport.query.duration", "engine", "athena", "outcome", "succeeded") - succeededBefore)
              .isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /**
   * The result spool is the service's, not the adapter's: over Athena too, a submitted query's rows are
   * read ahead (the row count known before any page is read), and any page can be read again in any order,
   * each with its own token, although Athena's own NextTokens only go forward.
   */
  @Test
  void anyPageOfASubmittedQueryCanBeReadAgainAndItsRowCountIsKnownAtOnce(VertxTestContext ctx) {
    String sql = "SELECT id FROM ms1_usuarios ORDER BY id";
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      rows.add(List.of(Integer.toString(i)));
    }
    fake.script(sql, QueryScript.select(List.of(Column.of("id", "bigint")), rows));
    EngineQueryService service = service();
    List<ResultPage> pages = new ArrayList<>();
    service.submit(QuerySpec.of(sql), PLAIN)
        .compose(submitted -> awaitExecution(service, submitted.id(), e -> e.state().done() && e.rowCount() != null))
        .compose(done -> {
          assertThat(done.state()).as(done.error()).isEqualTo(QueryState.SUCCEEDED);
          assertThat(done.rowCount()).as("known before any page was read").isEqualTo(25L);
          int readAhead = fake.requests("GetQueryResults").size();
          return ResultPagesAgain.readAllThenAgain(service, done.id(), 10).map(read -> {
            pages.addAll(read);
            assertThat(fake.requests("GetQueryResults")).as("pages come from the spool, not Athena")
                .hasSize(readAhead);
            return done;
          });
        })
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          assertThat(pages).extracting(page -> page.rows().size()).containsExactly(10, 10, 5);
          assertThat(pages.get(0).rows().getFirst()).isEqualTo(List.of(1L));
          assertThat(pages.get(2).rows().getLast()).isEqualTo(List.of(25L));
          assertThat(pages.get(2).nextToken()).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  void throttledPollsArePolledAgain(VertxTestContext ctx) {
    String sql = "SELECT count(*) AS n FROM ms2_facturas";
    fake.script(sql, QueryScript.select(List.of(Column.of("n", "bigint")), List.of(List.of("42"))));
    fake.failNext("GetQueryExecution", 2, FakeError.throttling());
    EngineQueryService service = service();
    double pollsBefore = count("lakeport.engine.polls", "engine", "athena");
    double throttledBefore = count("lakeport.engine.throttled", "engine", "athena");

    service.query(QuerySpec.of(sql), PLAIN, 10)
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.rows()).containsExactly(List.of(42L));
          assertThat(fake.requests("GetQueryExecution").size()).isGreaterThanOrEqualTo(5);
          // One poll counted for each status request Athena saw, the two throttled ones among them.
          assertThat(count("lakeport.engine.polls", "engine", "athena") - pollsBefore)
              .isEqualTo(fake.requests("GetQueryExecution").size());
          assertThat(count("lakeport.engine.throttled", "engine", "athena") - throttledBefore).isEqualTo(2);
          assertThat(fake.executionCount()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void identicalCacheableQueriesUnderWayRunOnceInTheEngine(VertxTestContext ctx) {
    String sql = "SELECT estado, count(*) AS n FROM ms1_pedidos GROUP BY estado";
    fake.script(sql, QueryScript.select(List.of(Column.of("estado", "varchar"), Column.of("n", "bigint")),
        List.of(List.of("pagado", "508"), List.of("enviado", "496"))));
    String other = "SELECT count(*) AS n FROM ms2_pagos";
    fake.script(other, QueryScript.select(List.of(Column.of("n", "bigint")), List.of(List.of("2630"))));
    EngineQueryService service = service();
    QueryOptions cacheable = new QueryOptions(Duration.ofSeconds(60), true);

    List<Future<ResultPage>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(service.query(QuerySpec.of(sql), cacheable, 100));
    }
    answers.add(service.query(QuerySpec.of(other), cacheable, 100));
    // Not cacheable: never waits for, nor is served by, another call.
    answers.add(service.query(QuerySpec.of(other), PLAIN, 100));
    Future.all(answers).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      for (int i = 0; i < 8; i++) {
        assertThat(all.<ResultPage>resultAt(i).rows()).containsExactly(List.of("pagado", 508L), List.of("enviado", 496L));
      }
      assertThat(all.<ResultPage>resultAt(8).rows()).containsExactly(List.of(2630L));
      assertThat(all.<ResultPage>resultAt(9).rows()).containsExactly(List.of(2630L));
      List<String> started = fake.requests("StartQueryExecution").stream().map(r -> r.getString("QueryString")).toList();
      assertThat(started).filteredOn(sql::equals).hasSize(1);
      assertThat(started).filteredOn(other::equals).hasSize(2);
      ctx.completeNow();
    })));
  }

  @Test
  void cancellingAnExecutionStopsTheAthenaQuery(VertxTestContext ctx) {
    String sql = "SELECT * FROM ms3_eventos";
    fake.script(sql, QueryScript.running());
    EngineQueryService service = service();
    double cancelledBefore = count("lakeport.query.duration", "engine", "athena", "outcome", "cancelled");

    service.submit(QuerySpec.of(sql), PLAIN)
        .compose(submitted -> awaitExecution(service, submitted.id(), e -> e.engineQueryId() != null)
            .compose(running -> service.cancel(running.id()).map(running)))
        .onComplete(ctx.succeeding(running -> ctx.verify(() -> {
          assertThat(fake.requests("StopQueryExecution")).extracting(r -> r.getString("QueryExecutionId"))
              .contains(running.engineQueryId());
          assertThat(fake.execution(running.engineQueryId()).stopped()).isTrue();
          assertThat(count("lakeport.query.duration", "engine", "athena", "outcome", "cancelled") - cancelledBefore)
              .isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void theFactoryBuildsTheAthenaAdapterWithTheDefaultCredentialsChain(VertxTestContext ctx) {
    // The default chain reads these system properties before anything else on the machine.
    String previousKey = System.setProperty("aws.accessKeyId", "AKIDFROMTHECHAIN");
    String previousSecret = System.setProperty("aws.secretAccessKey", "not-a-secret-either");
    LakeportConfig.EngineConfig config = AthenaEngineTest.engineConfig(fake.endpoint());
    Future<QueryEngine> created = QueryEngines.create(vertx, config);
    created.compose(engine -> {
          engines.add(engine);
          return engine.ready();
        })
        .eventually(() -> {
          restore("aws.accessKeyId", previousKey);
          restore("aws.secretAccessKey", previousSecret);
          return Future.succeededFuture();
        })
        .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
          QueryEngine engine = created.result();
          assertThat(engine).isInstanceOf(AthenaEngine.class);
          assertThat(engine.name()).isEqualTo("athena");
          assertThat(ready).isTrue();
          assertThat(fake.requests()).hasSize(1);
          assertThat(fake.requests().getFirst().operation()).isEqualTo("GetWorkGroup");
          assertThat(fake.requests().getFirst().headers().get("Authorization"))
              .contains("Credential=AKIDFROMTHECHAIN/").contains("/eu-west-1/athena/aws4_request");
          ctx.completeNow();
        })));
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }
}
