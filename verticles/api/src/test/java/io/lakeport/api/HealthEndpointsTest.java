package io.lakeport.api;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.query.QueryException;
import io.lakeport.store.StoreProbe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes: /health/live and /health/ready open and bare (up/down per component), details only with a
 * key, /health as the seed had it; no answer leaks what a failing engine or catalog said (URIs, hosts,
 * SQL, exception types, engine error codes).
 */
@ExtendWith(VertxExtension.class)
class HealthEndpointsTest {

  private static final String KEY = "k3y-for-health-0123456789";
  /** What a failing catalog or engine might say: its SQL, the engine's URI, host and an exception type. */
  private static final String LEAKY = "SELECT c.table_name FROM hive.information_schema.columns failed: "
      + "java.net.ConnectException: Connection refused: http://trino.internal:8080/v1/statement (10.1.2.3:8080)";

  private final ScriptedQueryService queries = new ScriptedQueryService();
  private final AtomicReference<Future<List<CatalogTable>>> tables =
      new AtomicReference<>(Future.succeededFuture(List.of()));
  private TestApi api;

  /** The store as the probe sees it: null when every bucket answers, else what the SDK said. */
  private final AtomicReference<String> storeFailure = new AtomicReference<>();

  private final StoreProbe store = new StoreProbe() {
    @Override
    public int buckets() {
      return 3;
    }

    @Override
    public Future<Void> check(Context context) {
      String failure = storeFailure.get();
      return failure == null ? Future.succeededFuture() : Future.failedFuture(new IllegalStateException(failure));
    }
  };

  private TestApi start(Vertx vertx, JsonObject apiConfig) throws Exception {
    Catalog catalog = new Catalog() {
      @Override
      public Future<Void> publish(CommittedTable table) {
        return Future.failedFuture("not in the API");
      }

      @Override
      public Future<List<CatalogTable>> tables() {
        return tables.get();
      }
    };
    api = TestApi.start(vertx, TestApi.config(apiConfig, new JsonObject()), queries, catalog, store);
    return api;
  }

  @AfterEach
  void stop() {
    api.client.close();
  }

  private static void assertLeaksNothing(String what, HttpResponse<Buffer> response) {
    assertThat(response.bodyAsString()).as(what)
        .doesNotContainIgnoringCase("http").doesNotContain("trino.internal").doesNotContain("10.1.2.3")
        .doesNotContain("8080").doesNotContainIgnoringCase("select").doesNotContain("information_schema")
        .doesNotContain("java.").doesNotContain("Exception");
  }

  @Test
  void probesAnswerWithoutAKeyAndSayOnlyUpOrDown(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("apiKeys", new JsonArray().add(KEY)));
    HttpResponse<Buffer> live = api.get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up"));
    HttpResponse<Buffer> ready = api.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up")
        .put("components", new JsonObject().put("engine", "up").put("catalog", "up").put("store", "up")));
    HttpResponse<Buffer> detailed = api.get("/health/ready", KEY);
    assertThat(detailed.bodyAsJsonObject().getJsonObject("details").getJsonObject("engine").getString("name"))
        .isEqualTo("trino");
    assertThat(api.get("/health/ready", "wrong-key-0123456789").bodyAsJsonObject().containsKey("details")).isFalse();

    tables.set(Future.failedFuture(new QueryException(QueryException.Kind.ENGINE_UNAVAILABLE, LEAKY)));
    queries.ready = false;
    HttpResponse<Buffer> down = api.get("/health/ready");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "down")
        .put("components", new JsonObject().put("engine", "down").put("catalog", "down").put("store", "up")));
    assertLeaksNothing("/health/ready down, with a key", api.get("/health/ready", KEY));
    HttpResponse<Buffer> health = api.get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.bodyAsJsonObject().getJsonObject("lake").getBoolean("ready")).isFalse();
    assertLeaksNothing("/health", health);
    assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void aStoreThatDoesNotHoldTheLakesBucketsMakesTheProcessNotReadyAndSaysOnlyThat(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("apiKeys", new JsonArray().add(KEY)));
    assertThat(api.get("/health/ready", KEY).bodyAsJsonObject().getJsonObject("details").getJsonObject("store"))
        .isEqualTo(new JsonObject().put("buckets", 3));

    storeFailure.set("NoSuchBucket: raw-ms2 (Service: S3, Status Code: 404) at http://s3.internal:9000 (10.1.2.3:8080)");
    HttpResponse<Buffer> down = api.get("/health/ready");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "down")
        .put("components", new JsonObject().put("engine", "up").put("catalog", "up").put("store", "down")));
    HttpResponse<Buffer> detailed = api.get("/health/ready", KEY);
    assertThat(detailed.bodyAsJsonObject().getJsonObject("details").getJsonObject("store"))
        .isEqualTo(new JsonObject().put("buckets", 3).put("detail", "the store does not answer for every bucket"));
    assertThat(detailed.bodyAsString()).doesNotContain("raw-ms2").doesNotContain("s3.internal");
    assertLeaksNothing("/health/ready, store down, with a key", detailed);
    HttpResponse<Buffer> health = api.get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.bodyAsJsonObject().getJsonObject("lake").getBoolean("ready")).as(health.bodyAsString()).isFalse();
    assertLeaksNothing("/health, store down", health);

    storeFailure.set(null);
    assertThat(api.get("/health/ready").statusCode()).as("ready again once the store answers").isEqualTo(200);
  }

  @Test
  void engineFailuresReachClientsAsAStableTypeAndASafeMessage(Vertx vertx) throws Exception {
    tables.set(Future.succeededFuture(List.of(new CatalogTable("t", List.of(), "s3://raw/t/"))));
    start(vertx, new JsonObject());
    queries.answer = spec -> Future.failedFuture(new QueryException(QueryException.Kind.ENGINE_UNAVAILABLE,
        LEAKY + "\n\tat io.lakeport.query.trino.TrinoEngine.start(TrinoEngine.java:120)"));
    HttpResponse<Buffer> unavailable = api.post("/api/query-custom", new JsonObject().put("sql", "SELECT 1"));
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:engine-unavailable");
    assertThat(unavailable.bodyAsString()).doesNotContain("trino.internal").doesNotContain("10.1.2.3")
        .doesNotContain("java.net").doesNotContain("TrinoEngine.java").doesNotContain("://");
    queries.answer = spec -> Future.failedFuture(new QueryException(QueryException.Kind.INVALID_QUERY,
        "SYNTAX_ERROR: line 1:10: mismatched input 'FORM'. Expecting: <expression>"));
    HttpResponse<Buffer> syntax = api.post("/api/query-custom", new JsonObject().put("sql", "SELECT x FROM t"));
    assertThat(syntax.statusCode()).isEqualTo(400);
    assertThat(syntax.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:invalid-query");
    assertThat(syntax.bodyAsJsonObject().getString("detail"))
        .isEqualTo("line 1:10: mismatched input 'FORM'. Expecting: <expression>");
  }
}
