package io.lakeport.api;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig;
import io.lakeport.query.QueryService;
import io.lakeport.store.StoreProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One ApiVerticle on a free port, a client for it and the contract its answers are checked against. */
final class TestApi {

  static final byte[] KEY = "test-page-token-secret-32-bytes!".getBytes(StandardCharsets.UTF_8);

  final Vertx vertx;
  final ApiVerticle verticle;
  final WebClient client;
  final ContractResponses contract;
  final String deployment;

  private TestApi(Vertx vertx, ApiVerticle verticle, String deployment, ContractResponses contract) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.deployment = deployment;
    this.contract = contract;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(verticle.actualPort()).setFollowRedirects(false));
  }

  static LakeportConfig config(JsonObject api, JsonObject engine) {
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("api"))
        .put("engine", new JsonObject().put("kind", "trino").put("schema", "lakeport").mergeIn(engine, true))
        .put("api", new JsonObject().put("host", "127.0.0.1").put("port", 0).mergeIn(api, true));
    return LakeportConfig.from(json, "test");
  }

  static TestApi start(Vertx vertx, LakeportConfig config, QueryService queries, Catalog catalog) throws Exception {
    return start(vertx, config, queries, catalog, StoreProbe.none());
  }

  static TestApi start(Vertx vertx, LakeportConfig config, QueryService queries, Catalog catalog, StoreProbe store)
      throws Exception {
    ApiVerticle verticle = new ApiVerticle(config, queries, catalog, store, KEY);
    String id = vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    return new TestApi(vertx, verticle, id, ContractResponses.load(vertx).await(30, TimeUnit.SECONDS));
  }

  /** Sends the request and checks the answer against the contract before handing it back. */
  HttpResponse<Buffer> send(HttpMethod method, String uri, Supplier<Future<HttpResponse<Buffer>>> request) throws Exception {
    return request.get().compose(response -> contract.check(method, uri, response)).await(60, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return send(HttpMethod.GET, uri, () -> client.get(uri).send());
  }

  HttpResponse<Buffer> get(String uri, String apiKey) throws Exception {
    return send(HttpMethod.GET, uri, () -> client.get(uri).putHeader("X-API-Key", apiKey).send());
  }

  HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return send(HttpMethod.POST, uri, () -> client.post(uri).sendJsonObject(body));
  }

  HttpResponse<Buffer> delete(String uri) throws Exception {
    return send(HttpMethod.DELETE, uri, () -> client.delete(uri).send());
  }

  /** A request the contract has no operation for: answered, but not checked against an operation. */
  HttpResponse<Buffer> raw(HttpMethod method, String uri) throws Exception {
    return client.request(method, uri).send().await(30, TimeUnit.SECONDS);
  }

  /** A catalog that lists the given tables (test code only). */
  /**
   * The nine demo tables as the catalog lists them on Trino after an ingest: their columns with the engine's
   * types and the {@code dt} partition column, their key and JSON columns ({@link DemoLake#schemas()}).
   */
  static List<CatalogTable> demoTables() {
    io.lakeport.catalog.TrinoHiveDialect types = new io.lakeport.catalog.TrinoHiveDialect("hive", "lakeport");
    return DemoLake.schemas().stream().map(t -> {
      List<io.lakeport.query.ResultColumn> columns = new java.util.ArrayList<>();
      List<String> zoned = DemoLake.zoned(t);
      t.columns().forEach(c -> columns.add(new io.lakeport.query.ResultColumn(c.lakeName(),
          zoned.contains(c.lakeName()) ? "timestamp(6) with time zone" : types.columnType(c.type()))));
      columns.add(new io.lakeport.query.ResultColumn("dt", "varchar"));
      return new CatalogTable(t.source() + "_" + t.table(), columns, "s3://raw-" + t.source() + "/" + t.table() + "/",
          t.primaryKey(), t.columns().stream().filter(c -> c.type() == io.lakeport.schema.LakeType.Primitive.JSON)
              .map(io.lakeport.schema.Column::lakeName).toList());
    }).toList();
  }

  static Catalog catalog(List<CatalogTable> tables) {
    return new Catalog() {
      @Override
      public Future<Void> publish(CommittedTable table) {
        return Future.failedFuture("not in the API");
      }

      @Override
      public Future<List<CatalogTable>> tables() {
        return Future.succeededFuture(tables);
      }
    };
  }
}
