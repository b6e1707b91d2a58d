package io.lakeport.app;

import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.SqlServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service of scripts/local-stack answers a real client the way Lakeport uses it, and the demo data
 * holds the counts init-scripts/README.md documents.
 */
@ExtendWith({LocalStackExtension.class, VertxExtension.class})
class LocalStackSmokeIT {

  /** "Exact counts (tests assert these)" of init-scripts/README.md. */
  private static final Map<String, Long> MS1_ROWS = Map.of("usuarios", 500L, "productos", 200L, "pedidos", 3000L);
  private static final Map<String, Long> MS2_ROWS = Map.of("clientes", 400L, "facturas", 2000L, "pagos", 2630L);
  private static final Map<String, Long> MS3_DOCUMENTS = Map.of("logs", 3000L, "sesiones", 1000L, "eventos", 2500L);

  private static S3AsyncClient s3;
  private static ScratchBucket bucket;

  @BeforeAll
  static void scratchBucket() {
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "smoke");
  }

  @AfterAll
  static void cleanUp() {
    try {
      bucket.close();
    } finally {
      s3.close();
    }
  }

  @Test
  void s3ProxyStoresListsAndReturnsObjectsAndHasTheDemoBuckets(VertxTestContext ctx) {
    String key = "smoke/put-get/ñandú.json";
    String body = "{\"saludo\":\"hola, año 2024\"}\n";
    Future<List<String>> buckets = fromSdk(s3.listBuckets()).map(r -> r.buckets().stream().map(Bucket::name).toList());
    Future<String> readBack = fromSdk(s3.putObject(b -> b.bucket(bucket.name()).key(key), AsyncRequestBody.fromString(body)))
        .compose(put -> fromSdk(s3.getObject(b -> b.bucket(bucket.name()).key(key), AsyncResponseTransformer.toBytes())))
        .map(bytes -> bytes.asUtf8String());
    Future<List<S3Object>> listed = readBack
        .compose(read -> fromSdk(s3.listObjectsV2(b -> b.bucket(bucket.name()).prefix("smoke/put-get/"))))
        .map(r -> r.contents());

    Future.all(buckets, readBack, listed).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(buckets.result()).containsAll(LocalStack.DEMO_BUCKETS).contains(bucket.name());
      assertThat(readBack.result()).isEqualTo(body);
      assertThat(listed.result()).singleElement().satisfies(o -> {
        assertThat(o.key()).isEqualTo(key);
        assertThat(o.size()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
      });
      ctx.completeNow();
    })));
  }

  /** The Hive catalog reads JSON Lines from S3Proxy (path-style, unknown headers ignored), microsecond timestamps. */
  @Test
  void trinoQueriesJsonLinesInS3ProxyThroughTheHiveCatalog(Vertx vertx, VertxTestContext ctx) {
    WebClient web = WebClient.create(vertx);
    String schema = LocalStack.TRINO_CATALOG + "." + LocalStack.uniqueSqlName("smoke");
    String lines = """
        {"id": 1, "nombre": "Ana", "creado": "2024-01-15 10:00:00.123456"}
        {"id": 2, "nombre": "Begoña", "creado": "2024-02-29 23:59:59.000001"}
        {"id": 3, "nombre": "Chema", "creado": "2023-12-31 00:00:00"}
        """;
    String location = "s3://" + bucket.name() + "/trino/clientes/";

    fromSdk(s3.putObject(b -> b.bucket(bucket.name()).key("trino/clientes/part-0.jsonl"), AsyncRequestBody.fromString(lines)))
        .compose(put -> trino(web, "CREATE SCHEMA " + schema))
        .compose(done -> trino(web, "CREATE TABLE " + schema + ".clientes (id bigint, nombre varchar, creado timestamp(6))"
            + " WITH (format = 'OPENX_JSON', external_location = '" + location + "')"))
        .compose(done -> trino(web, "SELECT count(*), sum(id), max(nombre), CAST(max(creado) AS varchar) FROM " + schema + ".clientes"))
        .eventually(() -> trino(web, "DROP TABLE IF EXISTS " + schema + ".clientes")
            .compose(done -> trino(web, "DROP SCHEMA IF EXISTS " + schema)))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows).hasSize(1);
          assertThat(rows.getFirst().getList()).containsExactly(3, 6, "Chema", "2024-02-29 23:59:59.000001");
          ctx.completeNow();
        })));
  }

  @Test
  void postgresHoldsTheDemoDatabaseMs2(Vertx vertx, VertxTestContext ctx) {
    assertRowCounts(vertx, PgBuilder.client(), new PgConnectOptions(), LocalStack.POSTGRES,
        LocalStack.DEMO_POSTGRES_DATABASE, MS2_ROWS, ctx);
  }

  @Test
  void mariadbHoldsTheDemoDatabaseMs1(Vertx vertx, VertxTestContext ctx) {
    assertRowCounts(vertx, MySQLBuilder.client(), new MySQLConnectOptions(), LocalStack.MARIADB,
        LocalStack.DEMO_MARIADB_DATABASE, MS1_ROWS, ctx);
  }

  @Test
  void mongoWireServerHoldsTheDemoDatabaseMs3(Vertx vertx, VertxTestContext ctx) {
    MongoClient mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", LocalStack.MONGO_CONNECTION_STRING)
        .put("db_name", LocalStack.DEMO_MONGO_DATABASE));
    Map<String, Long> counts = new LinkedHashMap<>();
    Future<Void> counted = Future.succeededFuture();
    for (String collection : MS3_DOCUMENTS.keySet()) {
      counted = counted.compose(v -> mongo.count(collection, new JsonObject()).map(n -> {
        counts.put(collection, n);
        return null;
      }));
    }
    // init-scripts/README.md: logs.nivel ERROR 227
    Future<List<JsonObject>> errors = counted.compose(v -> mongo.find("logs", new JsonObject().put("nivel", "ERROR")));
    errors.eventually(() -> mongo.close())
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(counts).isEqualTo(MS3_DOCUMENTS);
          assertThat(found).hasSize(227).allSatisfy(doc -> assertThat(doc.getString("nivel")).isEqualTo("ERROR"));
          ctx.completeNow();
        })));
  }

  /** {@code database} of {@code server}, reached with the driver's {@code builder}, holds {@code expected} rows by table. */
  private static void assertRowCounts(Vertx vertx, ClientBuilder<SqlClient> builder, SqlConnectOptions options,
                                      SqlServer server, String database, Map<String, Long> expected,
                                      VertxTestContext ctx) {
    options.setHost(server.host()).setPort(server.port()).setUser(server.user()).setPassword(server.password())
        .setDatabase(database);
    SqlClient client = builder.connectingTo(options).using(vertx).build();
    countRows(client, expected.keySet())
        .eventually(() -> client.close())
        .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
          assertThat(counts).isEqualTo(expected);
          ctx.completeNow();
        })));
  }

  /** One {@code SELECT count(*)} per table, one after the other. */
  private static Future<Map<String, Long>> countRows(SqlClient client, Iterable<String> tables) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (String table : tables) {
      chain = chain.compose(v -> client.query("SELECT count(*) FROM " + table).execute().map(rows -> {
        Row row = rows.iterator().next();
        counts.put(table, row.getLong(0));
        return null;
      }));
    }
    return chain.map(v -> counts);
  }

  /**
   * Trino's client protocol, as the Trino query engine adapter speaks it: POST /v1/statement, then GET
   * each nextUri until there is none; the rows arrive in the "data" of any of those answers.
   */
  private static Future<List<JsonArray>> trino(WebClient web, String sql) {
    return web.postAbs(LocalStack.TRINO_URI + "/v1/statement")
        .putHeader("X-Trino-User", LocalStack.TRINO_USER)
        .sendBuffer(Buffer.buffer(sql))
        .compose(response -> follow(web, sql, response, new ArrayList<>()));
  }

  private static Future<List<JsonArray>> follow(WebClient web, String sql, HttpResponse<Buffer> response, List<JsonArray> rows) {
    if (response.statusCode() != 200) {
      return Future.failedFuture("Trino answered HTTP " + response.statusCode() + " to " + sql + ": " + response.bodyAsString());
    }
    JsonObject body = response.bodyAsJsonObject();
    JsonObject error = body.getJsonObject("error");
    if (error != null) {
      return Future.failedFuture("Trino failed " + sql + ": " + error.getString("message"));
    }
    JsonArray data = body.getJsonArray("data");
    if (data != null) {
      data.forEach(row -> rows.add((JsonArray) row));
    }
    String next = body.getString("nextUri");
    if (next == null) {
      return Future.succeededFuture(rows);
    }
    return web.getAbs(next)
        .putHeader("X-Trino-User", LocalStack.TRINO_USER)
        .send()
        .compose(r -> follow(web, sql, r, rows));
  }

  private static <T> Future<T> fromSdk(CompletableFuture<T> sdkCall) {
    return Future.fromCompletionStage(sdkCall);
  }
}
