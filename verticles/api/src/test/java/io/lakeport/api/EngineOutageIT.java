package io.lakeport.api;

import io.lakeport.catalog.Catalogs;
import io.lakeport.config.LakeportConfig;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine goes away and comes back while the API runs: the API answers 503 problem documents (with
 * Retry-After) while nothing listens on the engine's port, and answers normally again once it listens,
 * without a restart. The shared Trino is never touched: the API talks to it through a {@link TcpProxy} the
 * test stops and starts.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class EngineOutageIT {

  @Test
  void answers503WhileTheEngineIsDownAndRecovers(Vertx vertx) throws Exception {
    TcpProxy proxy = new TcpProxy(vertx, LocalStack.HOST, LocalStack.TRINO_URI.getPort());
    int port = proxy.start(0).await(10, TimeUnit.SECONDS);
    LakeportConfig config = TestApi.config(new JsonObject(), new JsonObject()
        .put("schema", LocalStack.uniqueSqlName("api_outage"))
        .put("trino", new JsonObject().put("uri", "http://127.0.0.1:" + port)));
    EngineQueryService queries = QueryEngines.service(vertx, config.engine()).await(60, TimeUnit.SECONDS);
    TestApi api = TestApi.start(vertx, config, queries, Catalogs.create(config.engine(), queries));
    JsonObject select = new JsonObject().put("sql", "SELECT 1 AS uno");
    try {
      assertThat(api.get("/health").statusCode()).isEqualTo(200);
      assertThat(api.post("/api/query-custom", select).statusCode()).isEqualTo(200);

      proxy.stop().await(10, TimeUnit.SECONDS);
      for (String uri : List.of("/api/usuarios", "/api/dashboard", "/api/pedidos/1", "/api/catalog/tables")) {
        long start = System.nanoTime();
        HttpResponse<Buffer> response = api.get(uri);
        report(uri, response, start);
        assertThat(response.statusCode()).as(uri).isEqualTo(503);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:engine-unavailable");
        assertThat(response.getHeader("Retry-After")).isNotNull();
      }
      long start = System.nanoTime();
      HttpResponse<Buffer> custom = api.post("/api/query-custom", select);
      report("POST /api/query-custom", custom, start);
      assertThat(custom.statusCode()).isEqualTo(503);
      start = System.nanoTime();
      HttpResponse<Buffer> health = api.get("/health");
      report("/health", health, start);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("unhealthy");
      assertThat(health.bodyAsJsonObject().getJsonObject("engine").getBoolean("ready")).isFalse();

      proxy.start(port).await(10, TimeUnit.SECONDS);
      HttpResponse<Buffer> back = api.post("/api/query-custom", select);
      assertThat(back.statusCode()).isEqualTo(200);
      assertThat(back.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getInteger("uno")).isEqualTo(1);
      assertThat(api.get("/health").statusCode()).isEqualTo(200);
    } finally {
      api.client.close();
      queries.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** How long the 503 took, for the report (speed is shown, not asserted). */
  private static void report(String what, HttpResponse<Buffer> response, long startNanos) {
    System.out.printf("engine down: %s answered %d in %d ms%n", what, response.statusCode(),
        (System.nanoTime() - startNanos) / 1_000_000);
  }
}
