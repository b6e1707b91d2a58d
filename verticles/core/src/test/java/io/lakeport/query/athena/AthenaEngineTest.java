package io.lakeport.query.athena;

import io.lakeport.config.LakeportConfig;
import io.lakeport.query.QueryEngine;
import io.lakeport.query.QueryException;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStatus;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.lakeport.query.SqlParameter;
import io.lakeport.query.athena.AthenaEngine.SdkRetries;
import io.lakeport.query.athena.AthenaEngine.Settings;
import io.lakeport.query.athena.FakeAthenaServer.Column;
import io.lakeport.query.athena.FakeAthenaServer.FakeError;
import io.lakeport.query.athena.FakeAthenaServer.QueryScript;
import io.vertx.core.Future;
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

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.lakeport.query.QueryFailures.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Athena adapter through the real AWS SDK against {@link FakeAthenaServer}, over HTTP. The timeout only
 * guards against a hang: the SDK's first client takes seconds to warm up on a loaded machine.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class AthenaEngineTest {

  static final String WORKGROUP = "lakeport-wg";
  static final String DATABASE = "datalake_db";
  static final String OUTPUT = "s3://lakeport-athena-results/queries/";
  /** SDK retries with short delays, so throttling tests do not wait for production backoff. */
  static final SdkRetries QUICK_RETRIES =
      new SdkRetries(3, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(20));
  /** One attempt: a throttled or failed call reaches the engine's caller at once. */
  static final SdkRetries NO_RETRIES =
      new SdkRetries(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
  /** The test's workgroup, database and output location, without result reuse. */
  static final Settings SETTINGS = new Settings(WORKGROUP, DATABASE, OUTPUT, 0);

  @RegisterExtension
  static final AthenaHttpClient http = new AthenaHttpClient();

  private final List<QueryEngine> engines = new ArrayList<>();
  private Vertx vertx;
  private FakeAthenaServer fake;
  private AthenaEngine engine;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    FakeAthenaServer.start(vertx).onComplete(ctx.succeeding(started -> {
      fake = started.workgroup(WORKGROUP, true).workgroup("analytics", true);
      engine = engine(QUICK_RETRIES);
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    Future.all(engines.stream().map(QueryEngine::close).toList())
        .compose(v -> fake.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  /** The engine config an "athena" profile gives, read and validated the way production reads it. */
  static LakeportConfig.EngineConfig engineConfig(URI endpoint) {
    return LakeportConfig.from(new JsonObject()
        .put("groups", List.of("api"))
        .put("engine", new JsonObject()
            .put("kind", "athena")
            .put("schema", DATABASE)
            .put("athena", new JsonObject()
                .put("region", "eu-west-1")
                .put("endpoint", endpoint.toString())
                .put("workgroup", WORKGROUP)
                .put("outputLocation", OUTPUT))), "test profile").engine();
  }

  AthenaEngine engine(SdkRetries retries) {
    return engine(retries, SETTINGS);
  }

  AthenaEngine engine(SdkRetries retries, Settings settings) {
    AthenaEngine created = http.engine(vertx, fake, retries, settings);
    engines.add(created);
    return created;
  }

  /** Polls until the query ends, collecting every state it reported. */
  static Future<List<QueryStatus>> pollUntilDone(QueryEngine engine, String queryId) {
    List<QueryStatus> seen = new ArrayList<>();
    return poll(engine, queryId, seen).map(v -> seen);
  }

  private static Future<Void> poll(QueryEngine engine, String queryId, List<QueryStatus> seen) {
    return engine.status(queryId).compose(status -> {
      seen.add(status);
      if (status.state().done() || seen.size() > 50) {
        return Future.succeededFuture();
      }
      return poll(engine, queryId, seen);
    });
  }

  /** Every page of a result, following the tokens. */
  static Future<List<ResultPage>> allPages(QueryEngine engine, String queryId, int maxRows) {
    List<ResultPage> pages = new ArrayList<>();
    return pages(engine, queryId, null, maxRows, pages).map(v -> pages);
  }

  private static Future<Void> pages(QueryEngine engine, String queryId, String token, int maxRows,
                                    List<ResultPage> pages) {
    return engine.results(queryId, token, maxRows).compose(page -> {
      pages.add(page);
      return page.nextToken() == null || pages.size() > 100
          ? Future.succeededFuture() : pages(engine, queryId, page.nextToken(), maxRows, pages);
    });
  }

  static List<Column> usuarioColumns() {
    return List.of(Column.of("id", "bigint"), Column.of("nombre", "varchar"), Column.decimal("saldo", 12, 2));
  }

  @Test
  void queryGoesQueuedRunningSucceededAndAnswersTypedRows(VertxTestContext ctx) {
    String sql = "SELECT id, nombre, saldo FROM ms1_usuarios ORDER BY id";
    fake.script(sql, QueryScript.select(usuarioColumns(), List.of(
        List.of("1", "Ana", "10.50"),
        Arrays.asList("2", null, "0.00"))));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id)
            .compose(states -> engine.results(id, null, 100).map(page -> Map.entry(states, page))))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          List<QueryStatus> states = result.getKey();
          assertThat(states).extracting(QueryStatus::state)
              .containsExactly(QueryState.QUEUED, QueryState.RUNNING, QueryState.SUCCEEDED);
          QueryStatus done = states.getLast();
          assertThat(done.error()).isNull();
          assertThat(done.stats().queuedMillis()).isEqualTo(56);
          assertThat(done.stats().executionMillis()).isEqualTo(1234);
          assertThat(done.stats().processedBytes()).isEqualTo(2048);
          assertThat(done.stats().processedRows()).isEqualTo(-1);

          ResultPage page = result.getValue();
          assertThat(page.columns()).containsExactly(new ResultColumn("id", "bigint"),
              new ResultColumn("nombre", "varchar"), new ResultColumn("saldo", "decimal(12,2)"));
          assertThat(page.rows()).containsExactly(
              List.of(1L, "Ana", new BigDecimal("10.50")),
              Arrays.asList(2L, null, new BigDecimal("0.00")));
          assertThat(page.nextToken()).isNull();

          JsonObject start = fake.requests("StartQueryExecution").getFirst();
          assertThat(start.getString("QueryString")).isEqualTo(sql);
          assertThat(start.getString("WorkGroup")).isEqualTo(WORKGROUP);
          assertThat(start.getJsonObject("QueryExecutionContext").getString("Database")).isEqualTo(DATABASE);
          assertThat(start.getJsonObject("ResultConfiguration").getString("OutputLocation")).isEqualTo(OUTPUT);
          assertThat(start.containsKey("ExecutionParameters")).isFalse();
          assertThat(start.containsKey("ResultReuseConfiguration")).isFalse();

          var headers = fake.requests().getFirst().headers();
          assertThat(headers.get("X-Amz-Target")).isEqualTo("AmazonAthena.StartQueryExecution");
          assertThat(headers.get("Content-Type")).startsWith("application/x-amz-json-1.1");
          assertThat(headers.get("Authorization"))
              .startsWith("AWS4-HMAC-SHA256 Credential=AKIDLAKEPORTTEST/")
              .contains("/eu-west-1/athena/aws4_request");
          ctx.completeNow();
        })));
  }

  @Test
  void failedQuerySurfacesAthenasReasonAndErrorCategory(VertxTestContext ctx) {
    String sql = "SELECT nope FROM ms1_usuarios";
    String reason = "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved or requester is not "
        + "authorized to access requested resources";
    fake.script(sql, QueryScript.failing(reason, 2, 1006));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id))
        .onComplete(ctx.succeeding(states -> ctx.verify(() -> {
          QueryStatus last = states.getLast();
          assertThat(last.state()).isEqualTo(QueryState.FAILED);
          assertThat(last.error()).isEqualTo(reason);
          assertThat(last.errorType()).isEqualTo("USER_ERROR");
          ctx.completeNow();
        })));
  }

  @Test
  void resultsOfAFailedQueryAreRefused(VertxTestContext ctx) {
    String sql = "SELECT 1/0";
    fake.script(sql, QueryScript.failing("DIVISION_BY_ZERO: Division by zero", 2, 1001));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id).compose(states -> engine.results(id, null, 10)))
        .onComplete(failsWith(ctx, QueryException.Kind.INVALID_QUERY, e -> {
          assertThat(e.getMessage()).contains("Division by zero");
          assertThat(e.getCause().getMessage()).contains("InvalidRequestException");
        }));
  }

  @Test
  void resultsOfASystemFailureAreAnEngineFailure(VertxTestContext ctx) {
    String sql = "SELECT * FROM ms1_usuarios";
    fake.script(sql, QueryScript.failing("GENERIC_INTERNAL_ERROR: something broke inside", 1, 401));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id).compose(states -> {
          ctx.verify(() -> assertThat(states.getLast().errorType()).isEqualTo("SYSTEM_ERROR"));
          return engine.results(id, null, 10);
        }))
        .onComplete(failsWith(ctx, QueryException.Kind.ENGINE_FAILED,
            e -> assertThat(e.getMessage()).contains("something broke inside")));
  }

  @Test
  void resultsOfARunningQueryAreNotThereYet(VertxTestContext ctx) {
    fake.script("SELECT 6", QueryScript.running());

    engine.submit(QuerySpec.of("SELECT 6"))
        .compose(id -> engine.status(id).compose(s -> engine.results(id, null, 10)))
        .onComplete(failsWith(ctx, QueryException.Kind.INVALID_QUERY,
            e -> assertThat(e.getMessage()).contains("has not finished yet")));
  }

  @Test
  void queryCancelledInAthenaReportsCancelledWithItsReason(VertxTestContext ctx) {
    String sql = "SELECT count(*) FROM ms2_facturas";
    fake.script(sql, QueryScript.running().withStates("QUEUED", "RUNNING", "CANCELLED")
        .withReason("Query was cancelled by another client"));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id))
        .onComplete(ctx.succeeding(states -> ctx.verify(() -> {
          assertThat(states).extracting(QueryStatus::state)
              .containsExactly(QueryState.QUEUED, QueryState.RUNNING, QueryState.CANCELLED);
          assertThat(states.getLast().error()).isEqualTo("Query was cancelled by another client");
          ctx.completeNow();
        })));
  }

  @Test
  void cancelSendsStopQueryExecutionAndIsIdempotent(VertxTestContext ctx) {
    String sql = "SELECT * FROM ms3_logs";
    fake.script(sql, QueryScript.running());

    engine.submit(QuerySpec.of(sql))
        .compose(id -> engine.status(id)
            .compose(s -> engine.status(id))
            .compose(running -> engine.cancel(id)
                .compose(v -> engine.status(id))
                .compose(cancelled -> engine.results(id, null, 10).transform(ar -> {
                  ctx.verify(() -> {
                    assertThat(ar.failed()).isTrue();
                    assertThat(((QueryException) ar.cause()).kind()).isEqualTo(QueryException.Kind.CANCELLED);
                  });
                  return engine.cancel(id);
                }).map(v -> List.of(running, cancelled)))))
        .onComplete(ctx.succeeding(statuses -> ctx.verify(() -> {
          assertThat(statuses.get(0).state()).isEqualTo(QueryState.RUNNING);
          assertThat(statuses.get(1).state()).isEqualTo(QueryState.CANCELLED);
          List<JsonObject> stops = fake.requests("StopQueryExecution");
          assertThat(stops).hasSize(2);
          assertThat(stops).allSatisfy(stop ->
              assertThat(stop.getString("QueryExecutionId")).isEqualTo(statuses.get(0).queryId()));
          assertThat(fake.execution(statuses.get(0).queryId()).stopped()).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void largeResultIsPagedWithTheHeaderRowSkippedOnTheFirstPageOnly(VertxTestContext ctx) {
    String sql = "SELECT id, nombre FROM ms1_pedidos ORDER BY id";
    List<List<String>> rows = IntStream.rangeClosed(1, 2500)
        .mapToObj(i -> List.of(Integer.toString(i), "pedido-" + i)).toList();
    fake.script(sql, QueryScript.select(List.of(Column.of("id", "bigint"), Column.of("nombre", "varchar")), rows));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id).compose(s -> allPages(engine, id, 1000)))
        .onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
          // Athena counts the header row against MaxResults on the first page: 1 + 999, then 1000, then 501.
          assertThat(pages).extracting(p -> p.rows().size()).containsExactly(999, 1000, 501);
          List<Object> ids = pages.stream().flatMap(p -> p.rows().stream()).map(r -> r.getFirst()).toList();
          assertThat(ids).isEqualTo(IntStream.rangeClosed(1, 2500).mapToObj(i -> (Object) (long) i).toList());
          assertThat(pages.getLast().nextToken()).isNull();
          List<JsonObject> gets = fake.requests("GetQueryResults");
          assertThat(gets).extracting(g -> g.getInteger("MaxResults")).containsExactly(1000, 1000, 1000);
          assertThat(gets.getFirst().containsKey("NextToken")).isFalse();
          assertThat(gets.subList(1, 3)).allSatisfy(g -> assertThat(g.getString("NextToken")).isNotBlank());
          ctx.completeNow();
        })));
  }

  @Test
  void smallFirstPageAsksForOneMoreRowForTheHeader(VertxTestContext ctx) {
    String sql = "SELECT id FROM ms1_productos ORDER BY id";
    fake.script(sql, QueryScript.select(List.of(Column.of("id", "integer")),
        IntStream.rangeClosed(1, 25).mapToObj(i -> List.of(Integer.toString(i))).toList()));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id).compose(s -> allPages(engine, id, 10)))
        .onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
          assertThat(pages).extracting(p -> p.rows().size()).containsExactly(10, 10, 5);
          assertThat(fake.requests("GetQueryResults")).extracting(g -> g.getInteger("MaxResults"))
              .containsExactly(11, 10, 10);
          assertThat(pages.getFirst().rows().getFirst()).containsExactly(1L);
          ctx.completeNow();
        })));
  }

  @Test
  void utilityResultsKeepTheirFirstRowEvenWhenItLooksLikeAHeader(VertxTestContext ctx) {
    String sql = "SHOW TABLES";
    // A table named like the column: only the statement type can tell it is data, not a header.
    fake.script(sql, QueryScript.utility("SHOW_TABLES", List.of(Column.of("tab_name", "varchar")),
        List.of(List.of("tab_name"), List.of("ms1_usuarios"), List.of("ms2_clientes"))));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id).compose(s -> engine.results(id, null, 100)))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.rows()).containsExactly(List.of("tab_name"), List.of("ms1_usuarios"),
              List.of("ms2_clientes"));
          ctx.completeNow();
        })));
  }

  @Test
  void describeAskedWithoutPollingLearnsTheStatementTypeFirst(VertxTestContext ctx) {
    String sql = "DESCRIBE ms1_usuarios";
    fake.script(sql, QueryScript.utility("DESCRIBE_TABLE", List.of(Column.of("col_name", "varchar")),
        List.of(List.of("id                  \tbigint              \t                    "),
            List.of("nombre              \tvarchar             \t                    ")))
        .withStates("SUCCEEDED"));
    AthenaEngine other = engine(QUICK_RETRIES);

    engine.submit(QuerySpec.of(sql))
        .compose(id -> engine.status(id).compose(s -> other.results(id, null, 100)))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.rows()).hasSize(2);
          assertThat((String) page.rows().getFirst().getFirst()).startsWith("id");
          // The second engine had not seen the query: it asked GetQueryExecution for the statement type.
          assertThat(fake.requests("GetQueryExecution")).hasSize(2);
          ctx.completeNow();
        })));
  }

  @Test
  void parametersGoAsExecutionParametersAndTheCallersTokenAsClientRequestToken(VertxTestContext ctx) {
    String sql = "SELECT id FROM ms1_usuarios WHERE nombre = ? AND id > ? AND alta >= ? AND saldo < ?";
    String token = "lakeport-0f8e9a7c-1d2b-4c3e-9f00-123456789abc";
    fake.script(sql, QueryScript.select(List.of(Column.of("id", "bigint")), List.of()));

    engine.submit(new QuerySpec(sql, List.of(SqlParameter.varchar("O'Brien'); DROP TABLE x; --"),
            SqlParameter.bigint(42), SqlParameter.date(LocalDate.of(2024, 5, 1)),
            SqlParameter.decimal(new BigDecimal("12.50"))), token))
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          JsonObject start = fake.requests("StartQueryExecution").getFirst();
          assertThat(start.getJsonArray("ExecutionParameters").getList()).containsExactly(
              "'O''Brien''); DROP TABLE x; --'", "42", "DATE '2024-05-01'", "DECIMAL '12.50'");
          assertThat(start.getString("ClientRequestToken")).isEqualTo(token);
          ctx.completeNow();
        })));
  }

  @Test
  void shortTokensAreDerivedStablySoResubmittingIsIdempotent(VertxTestContext ctx) {
    String sql = "SELECT 1";
    fake.script(sql, QueryScript.select(List.of(Column.of("_col0", "integer")), List.of(List.of("1"))));

    engine.submit(new QuerySpec(sql, List.of(), "exec-7"))
        .compose(first -> engine.submit(new QuerySpec(sql, List.of(), "exec-7")).map(second -> List.of(first, second)))
        .compose(ids -> engine.submit(QuerySpec.of(sql)).map(third -> List.of(ids.get(0), ids.get(1), third)))
        .onComplete(ctx.succeeding(ids -> ctx.verify(() -> {
          assertThat(ids.get(1)).isEqualTo(ids.get(0));
          assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
          List<String> tokens = fake.requests("StartQueryExecution").stream()
              .map(r -> r.getString("ClientRequestToken")).toList();
          assertThat(tokens.get(0)).isEqualTo(tokens.get(1)).hasSizeBetween(32, 128);
          assertThat(tokens.get(2)).isNotEqualTo(tokens.get(0)).hasSizeBetween(32, 128);
          assertThat(fake.executionCount()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void resultReuseIsRequestedWhenConfiguredAndOutputLocationLeftToTheWorkgroupWhenNot(VertxTestContext ctx) {
    String sql = "SELECT count(*) FROM ms2_pagos";
    fake.script(sql, QueryScript.select(List.of(Column.of("_col0", "bigint")), List.of(List.of("3"))));
    AthenaEngine reusing = engine(QUICK_RETRIES, new Settings("analytics", "other_db", null, 15));

    reusing.submit(QuerySpec.of(sql))
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          JsonObject start = fake.requests("StartQueryExecution").getFirst();
          assertThat(start.getJsonObject("ResultReuseConfiguration")).isEqualTo(new JsonObject()
              .put("ResultReuseByAgeConfiguration", new JsonObject().put("Enabled", true).put("MaxAgeInMinutes", 15)));
          assertThat(start.containsKey("ResultConfiguration")).isFalse();
          assertThat(start.getString("WorkGroup")).isEqualTo("analytics");
          assertThat(start.getJsonObject("QueryExecutionContext").getString("Database")).isEqualTo("other_db");
          ctx.completeNow();
        })));
  }

  @Test
  void sdkRetriesAbsorbTwoThrottledSubmitsWithTheSameToken(VertxTestContext ctx) {
    String sql = "SELECT 2";
    fake.script(sql, QueryScript.select(List.of(Column.of("_col0", "integer")), List.of(List.of("2"))));
    fake.failNext("StartQueryExecution", 2, FakeError.tooManyRequests());

    engine.submit(QuerySpec.of(sql))
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          List<JsonObject> starts = fake.requests("StartQueryExecution");
          assertThat(starts).hasSize(3);
          assertThat(starts).extracting(s -> s.getString("ClientRequestToken")).containsOnly(
              starts.getFirst().getString("ClientRequestToken"));
          assertThat(fake.executionCount()).isEqualTo(1);
          assertThat(fake.execution(id)).isNotNull();
          ctx.completeNow();
        })));
  }

  @Test
  void throttlingPastTheSdkRetriesReachesTheCallerAsOverloaded(VertxTestContext ctx) {
    AthenaEngine noRetries = engine(NO_RETRIES);
    fake.failNext("StartQueryExecution", FakeError.tooManyRequests());

    noRetries.submit(QuerySpec.of("SELECT 3"))
        .onComplete(failsWith(ctx, QueryException.Kind.OVERLOADED, e -> {
          assertThat(e.getMessage()).contains("TooManyRequestsException", "concurrently");
          assertThat(fake.requests("StartQueryExecution")).hasSize(1);
          assertThat(fake.executionCount()).isZero();
        }));
  }

  @Test
  void apiRateThrottlingOnPollingIsOverloadedToo(VertxTestContext ctx) {
    AthenaEngine twoAttempts = engine(new SdkRetries(2, Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ofMillis(5)));
    fake.script("SELECT 4", QueryScript.running());

    twoAttempts.submit(QuerySpec.of("SELECT 4"))
        .compose(id -> {
          fake.failNext("GetQueryExecution", 2, FakeError.throttling());
          return twoAttempts.status(id);
        })
        .onComplete(failsWith(ctx, QueryException.Kind.OVERLOADED, e -> {
          assertThat(e.getMessage()).contains("ThrottlingException", "Rate exceeded");
          assertThat(fake.requests("GetQueryExecution")).hasSize(2);
        }));
  }

  @Test
  void invalidRequestAtSubmitIsAnInvalidQueryNamingAthenasErrorCode(VertxTestContext ctx) {
    fake.failNext("StartQueryExecution", FakeError.invalidRequest(
        "Query has more parameters than were provided", "INVALID_INPUT"));

    engine.submit(QuerySpec.of("SELECT ? + ?", SqlParameter.bigint(1)))
        .onComplete(failsWith(ctx, QueryException.Kind.INVALID_QUERY, e -> {
          assertThat(e.getMessage()).contains("more parameters", "AthenaErrorCode INVALID_INPUT");
          assertThat(fake.requests("StartQueryExecution")).hasSize(1);
        }));
  }

  @Test
  void readyReadsTheWorkgroupWithoutStartingAQuery(VertxTestContext ctx) {
    AthenaEngine missing = engine(QUICK_RETRIES, new Settings("no-such-wg", DATABASE, OUTPUT, 0));
    fake.workgroup("switched-off", false);
    AthenaEngine disabled = engine(QUICK_RETRIES, new Settings("switched-off", DATABASE, OUTPUT, 0));

    Future.all(engine.ready(), missing.ready(), disabled.ready())
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<Boolean>resultAt(0)).isTrue();
          assertThat(all.<Boolean>resultAt(1)).isFalse();
          assertThat(all.<Boolean>resultAt(2)).isFalse();
          assertThat(fake.requests("GetWorkGroup")).extracting(r -> r.getString("WorkGroup"))
              .containsExactlyInAnyOrder(WORKGROUP, "no-such-wg", "switched-off");
          assertThat(fake.requests("StartQueryExecution")).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void unknownWorkgroupIsRefusedAtSubmit(VertxTestContext ctx) {
    engine(QUICK_RETRIES, new Settings("no-such-wg", DATABASE, OUTPUT, 0)).submit(QuerySpec.of("SELECT 7"))
        .onComplete(failsWith(ctx, QueryException.Kind.INVALID_QUERY,
            e -> assertThat(e.getMessage()).contains("WorkGroup no-such-wg is not found")));
  }

  @Test
  void unknownQueryIdIsNotFound(VertxTestContext ctx) {
    engine.status("00000000-0000-0000-0000-000000000000")
        .onComplete(failsWith(ctx, QueryException.Kind.NOT_FOUND));
  }

  @Test
  void serverFaultsThatOutlastTheRetriesMeanTheEngineIsUnavailable(VertxTestContext ctx) {
    fake.failNext("GetQueryExecution", 3, FakeError.internalServer());

    engine.status("any")
        .onComplete(failsWith(ctx, QueryException.Kind.ENGINE_UNAVAILABLE,
            e -> assertThat(fake.requests("GetQueryExecution")).hasSize(3)));
  }

  @Test
  void unreachableEndpointMeansTheEngineIsUnavailable(VertxTestContext ctx) {
    AthenaEngine noRetries = engine(NO_RETRIES);
    fake.close()
        .compose(v -> noRetries.submit(QuerySpec.of("SELECT 5")))
        .onComplete(failsWith(ctx, QueryException.Kind.ENGINE_UNAVAILABLE));
  }

  @Test
  void everyAthenaTypeIsTypedFromTheResultMetadata(VertxTestContext ctx) {
    String sql = "SELECT * FROM types";
    List<Column> columns = List.of(Column.of("t", "tinyint"), Column.of("s", "smallint"),
        Column.of("i", "integer"), Column.of("b", "bigint"), Column.of("d", "double"), Column.of("f", "float"),
        Column.decimal("m", 38, 6), Column.of("ok", "boolean"), Column.of("day", "date"),
        Column.of("at", "timestamp"), Column.of("name", "varchar"), Column.of("tags", "array"),
        Column.of("attrs", "map"), Column.of("addr", "row"), Column.of("doc", "json"));
    fake.script(sql, QueryScript.select(columns, List.of(
        List.of("-7", "300", "-2147483648", "9007199254740993", "0.1", "NaN", "12345678901234567890.123456",
            "true", "2024-02-29", "2024-02-29 23:59:59.123", "", "[a, b, null]", "{k1=1, k2=null}",
            "{calle=Mayor, numero=5, pisos=[1, 2]}", "{\"a\":[1,2.5,\"x\"],\"b\":null}"),
        Arrays.asList(new String[columns.size()]))));

    engine.submit(QuerySpec.of(sql))
        .compose(id -> pollUntilDone(engine, id).compose(s -> engine.results(id, null, 10)))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          List<Object> row = page.rows().getFirst();
          assertThat(row.subList(0, 4)).containsExactly(-7L, 300L, -2147483648L, 9007199254740993L);
          assertThat(row.get(4)).isEqualTo(0.1d);
          assertThat((Double) row.get(5)).isNaN();
          assertThat(row.get(6)).isEqualTo(new BigDecimal("12345678901234567890.123456"));
          assertThat(row.subList(7, 11)).containsExactly(true, "2024-02-29", "2024-02-29 23:59:59.123", "");
          assertThat(row.get(11)).isEqualTo(Arrays.asList("a", "b", null));
          Map<String, Object> attrs = new java.util.LinkedHashMap<>();
          attrs.put("k1", 1L);
          attrs.put("k2", null);
          assertThat(row.get(12)).isEqualTo(attrs);
          assertThat(row.get(13)).isEqualTo(Map.of("calle", "Mayor", "numero", 5L, "pisos", List.of(1L, 2L)));
          Map<String, Object> doc = new java.util.LinkedHashMap<>();
          doc.put("a", List.of(1, 2.5, "x"));
          doc.put("b", null);
          assertThat(row.get(14)).isEqualTo(doc);
          assertThat(page.columns().get(6)).isEqualTo(new ResultColumn("m", "decimal(38,6)"));
          assertThat(page.rows().get(1)).hasSize(columns.size()).containsOnlyNulls();
          ctx.completeNow();
        })));
  }
}
