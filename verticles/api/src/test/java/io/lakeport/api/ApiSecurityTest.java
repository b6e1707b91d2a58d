package io.lakeport.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys on /api/**, open operational endpoints, CORS from the configured origins, no key in the logs. */
@ExtendWith(VertxExtension.class)
class ApiSecurityTest {

  private static final String KEY = "k3y-for-tests-0123456789";
  private static final String OTHER_KEY = "another-key-0123456789ab";

  private final ScriptedQueryService queries = new ScriptedQueryService();
  private final ListAppender<ILoggingEvent> access = new ListAppender<>();
  private TestApi api;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    access.start();
    ((Logger) LoggerFactory.getLogger("io.lakeport.api.access")).addAppender(access);
    queries.answer = spec -> Future.succeededFuture(new ResultPage(List.of(new ResultColumn("id", "integer")), List.of(), null));
    api = TestApi.start(vertx, TestApi.config(new JsonObject()
            .put("apiKeys", new JsonArray().add(OTHER_KEY).add(KEY))
            .put("corsOrigins", new JsonArray().add("https://app.example")), new JsonObject()),
        queries, TestApi.catalog(TestApi.demoTables()));
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger("io.lakeport.api.access")).detachAppender(access);
    api.client.close();
  }

  @Test
  void apiOperationsNeedAConfiguredKey() throws Exception {
    HttpResponse<Buffer> none = api.get("/api/usuarios");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(none.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:unauthorized");
    assertThat(api.get("/api/usuarios", "wrong-key-0123456789").statusCode()).isEqualTo(401);
    assertThat(api.get("/api/usuarios", KEY).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/query-custom", () -> api.client.post("/api/query-custom")
        .sendJsonObject(new JsonObject().put("sql", "SELECT 1"))).statusCode()).isEqualTo(401);
    assertThat(queries.received).hasSize(1);
  }

  @Test
  void operationalEndpointsStayOpen() throws Exception {
    assertThat(api.get("/health").statusCode()).isEqualTo(200);
    assertThat(api.get("/openapi.yaml").statusCode()).isEqualTo(200);
    assertThat(api.get("/metrics").statusCode()).isEqualTo(503);
    assertThat(api.raw(HttpMethod.GET, "/docs/").statusCode()).isEqualTo(200);
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigins() throws Exception {
    HttpResponse<Buffer> preflight = api.client.request(HttpMethod.OPTIONS, "/api/usuarios")
        .putHeader("Origin", "https://app.example")
        .putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "X-API-Key")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
    assertThat(preflight.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("x-api-key");
    HttpResponse<Buffer> actual = api.client.get("/api/usuarios").putHeader("Origin", "https://app.example")
        .putHeader("X-API-Key", KEY).send().await(10, TimeUnit.SECONDS);
    assertThat(actual.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
    HttpResponse<Buffer> foreign = api.client.get("/api/usuarios").putHeader("Origin", "https://evil.example")
        .putHeader("X-API-Key", KEY).send().await(10, TimeUnit.SECONDS);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void theAccessLogNamesTheKeyByPositionOnly() throws Exception {
    api.get("/api/usuarios?limit=5", KEY);
    api.get("/api/usuarios", "wrong-key-0123456789");
    List<String> lines = access.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("GET /api/usuarios 200").endsWith(" key-2"));
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("GET /api/usuarios 401"));
    assertThat(String.join("\n", lines)).doesNotContain(KEY).doesNotContain("wrong-key").doesNotContain("limit=5");
  }
}
