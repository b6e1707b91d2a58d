package io.lakeport.app;

import io.lakeport.api.ContractResponses;
import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API as a user meets it after {@code scripts/run-local}: the jar runs {@code conf/local.yaml} (ingest and
 * api groups in one process) against the local stack, and the real demo databases (ms1 on MariaDB, ms2 on
 * PostgreSQL, ms3 on the Mongo wire server) are ingested through {@code POST /api/ingestions}, into scratch
 * buckets and a scratch Trino schema so that nothing of the shared demo lake is touched. Then every operation
 * of the contract is called, each answer is validated against the contract's schemas, and the figures are
 * compared with what the source databases themselves answer: the listings page through every table and see
 * each source row exactly once, lookups and filtered listings return exactly the source's rows, and the
 * dashboard equals the same aggregates computed on the sources.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoDataContractIT {

  /** Listing path → source, source table and key column. */
  private static final Map<String, Listing> LISTINGS = new LinkedHashMap<>();

  private record Listing(String source, String table, String key) {
  }

  static {
    for (String table : List.of("usuarios", "pedidos", "productos")) {
      LISTINGS.put(table, new Listing("ms1", table, "id"));
    }
    for (String table : List.of("clientes", "facturas", "pagos")) {
      LISTINGS.put(table, new Listing("ms2", table, "id"));
    }
    for (String collection : List.of("logs", "sesiones", "eventos")) {
      LISTINGS.put(collection, new Listing("ms3", collection, "_id"));
    }
  }

  private static final String MS1 = LocalStack.MARIADB.jdbcUrl(LocalStack.DEMO_MARIADB_DATABASE);
  private static final String MS2 = LocalStack.POSTGRES.jdbcUrl(LocalStack.DEMO_POSTGRES_DATABASE);

  private static DemoLakeport lakeport;
  private static Vertx vertx;
  private static WebClient client;
  private static MongoClient mongo;
  private static ContractResponses contract;
  /** operationId → the statuses it answered in this class. */
  private static final Map<String, Set<Integer>> ANSWERED = new TreeMap<>();
  /** source → the run that ingested it. */
  private static final Map<String, String> RUNS = new TreeMap<>();

  @BeforeAll
  static void runLakeportAndIngestTheDemo() throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    lakeport = DemoLakeport.start("contract");
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(lakeport.apiPort())
        .setFollowRedirects(false));
    mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", LocalStack.MONGO_CONNECTION_STRING)
        .put("db_name", LocalStack.DEMO_MONGO_DATABASE));
    contract = ContractResponses.load(vertx).await(30, TimeUnit.SECONDS);

    for (String source : List.of("ms1", "ms2", "ms3")) {
      HttpResponse<Buffer> accepted = post("/api/ingestions", new JsonObject().put("source", source).put("mode", "full"));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String runId = accepted.bodyAsJsonObject().getString("runId");
      assertThat(accepted.getHeader("Location")).isEqualTo("/api/ingestions/" + runId);
      RUNS.put(source, runId);
      // The event stream ends with the run: reading it whole is waiting for the run.
      List<JsonObject> events = events(get("/api/ingestions/" + runId + "/events").bodyAsString());
      assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.getString("runId")).isEqualTo(runId));
      assertThat(events.getLast().getString("type")).as(events.getLast().encode()).isEqualTo("run-done");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    CleanUp.all(client == null ? null : client::close,
        mongo == null ? null : () -> mongo.close().await(30, TimeUnit.SECONDS),
        vertx == null ? null : () -> vertx.close().await(30, TimeUnit.SECONDS),
        lakeport == null ? null : lakeport::close);
  }

  // --- the ingestions, as the API reports them ---------------------------------------------------------------

  @Test
  @Order(1)
  void eachRunReportsTheSourcesRowCounts() throws Exception {
    for (var run : RUNS.entrySet()) {
      JsonObject status = get("/api/ingestions/" + run.getValue()).bodyAsJsonObject();
      assertThat(status.getString("state")).as(status.encode()).isEqualTo("succeeded");
      assertThat(status.getString("source")).isEqualTo(run.getKey());
      Map<String, Long> rows = new TreeMap<>();
      status.getJsonArray("tables").forEach(t -> rows.put(((JsonObject) t).getString("table"), ((JsonObject) t).getLong("rows")));
      Map<String, Long> expected = new TreeMap<>();
      for (var listing : LISTINGS.values()) {
        if (listing.source().equals(run.getKey())) {
          expected.put(listing.table(), sourceKeys(listing).size() * 1L);
        }
      }
      assertThat(rows).as(run.getKey()).isEqualTo(expected);

      JsonArray history = get("/api/ingestions?source=" + run.getKey()).bodyAsJsonObject().getJsonArray("runs");
      assertThat(history.stream().map(r -> ((JsonObject) r).getString("runId")).toList()).contains(run.getValue());
    }
    // A run that has already ended: its stream is just the final event.
    List<JsonObject> replay = events(get("/api/ingestions/" + RUNS.get("ms2") + "/events").bodyAsString());
    assertThat(replay).hasSize(1);
    assertThat(replay.getFirst().getString("type")).isEqualTo("run-done");
    assertThat(replay.getFirst().getLong("rows")).isEqualTo(400L + 2000 + 2630);
  }

  // --- listings ------------------------------------------------------------------------------------------

  @Test
  @Order(2)
  void theListingsPageThroughEveryTableSeeingEachSourceRowExactlyOnce() throws Exception {
    for (var entry : LISTINGS.entrySet()) {
      Listing listing = entry.getValue();
      List<JsonObject> items = pageThrough("/api/" + entry.getKey(), 1000);
      List<Object> keys = items.stream().map(i -> normal(i.getValue(listing.key()))).toList();
      // In key order, without duplicates, and exactly the source's keys (sorted the same way).
      assertThat(keys).as(entry.getKey()).doesNotHaveDuplicates().containsExactlyElementsOf(sourceKeys(listing));
      // The generic rows of the same table (its key from the catalog, recorded by the ingest): the same pages.
      assertThat(pageThrough("/api/tables/" + listing.source() + "_" + listing.table() + "/rows", 1000))
          .as(entry.getKey() + " as /api/tables/.../rows").containsExactlyElementsOf(items);
    }
  }

  @Test
  @Order(3)
  void instantsAreAnsweredInRfc3339UtcAndLocalDateTimesWithoutAZone() throws Exception {
    // pagado_en is a timestamptz (an instant), registrado_en a timestamp (zone-less), as the source has them.
    List<List<Object>> source = sqlRows(MS2, "SELECT id, to_char(pagado_en AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
        + " to_char(registrado_en, 'YYYY-MM-DD HH24:MI:SS.US') FROM pagos ORDER BY id LIMIT 50");
    List<JsonObject> items = get("/api/pagos?limit=50").bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
    assertThat(items).hasSize(50);
    for (int i = 0; i < items.size(); i++) {
      assertThat(normal(items.get(i).getValue("id"))).isEqualTo(normal(source.get(i).get(0)));
      assertThat(items.get(i).getString("pagado_en")).as("pagado_en of pago " + source.get(i).get(0))
          .isEqualTo(source.get(i).get(1));
      assertThat(items.get(i).getString("registrado_en")).as("registrado_en of pago " + source.get(i).get(0))
          .isEqualTo(source.get(i).get(2));
    }
    // A filter on an instant takes RFC 3339 with any offset and finds the same row.
    JsonObject first = items.getFirst();
    String madrid = java.time.OffsetDateTime.parse(first.getString("pagado_en"))
        .atZoneSameInstant(java.time.ZoneId.of("Europe/Madrid")).toOffsetDateTime().toString();
    List<Object> found = get("/api/tables/ms2_pagos/rows?filter=" + encode("pagado_en:" + madrid)).bodyAsJsonObject()
        .getJsonArray("items").stream().map(r -> normal(((JsonObject) r).getValue("id"))).toList();
    assertThat(found).contains(normal(first.getValue("id")));
  }

  @Test
  @Order(3)
  void moneyAddsUpToTheSourcesOwnSums() throws Exception {
    assertThat(sum(pageThrough("/api/pedidos", 1000), "total")).isEqualByComparingTo(sqlDecimal(MS1, "SELECT sum(total) FROM pedidos"));
    assertThat(sum(pageThrough("/api/productos", 1000), "precio"))
        .isEqualByComparingTo(sqlDecimal(MS1, "SELECT sum(precio) FROM productos"));
    assertThat(sum(pageThrough("/api/facturas", 1000), "total"))
        .isEqualByComparingTo(sqlDecimal(MS2, "SELECT sum(total) FROM facturas"));
    assertThat(sum(pageThrough("/api/pagos", 1000), "importe"))
        .isEqualByComparingTo(sqlDecimal(MS2, "SELECT sum(importe) FROM pagos"));
    // init-scripts/README.md's figure, so that a change of the demo data is noticed here too.
    assertThat(sqlDecimal(MS1, "SELECT sum(total) FROM pedidos")).isEqualByComparingTo("2119961.96");
  }

  @Test
  @Order(4)
  void lookupsAndFilteredListingsAnswerExactlyTheSourceRows() throws Exception {
    for (long id : List.of(1L, 1234L, 3000L)) {
      JsonObject pedido = get("/api/pedidos/" + id).bodyAsJsonObject();
      List<Object> expected = sqlRows(MS1, "SELECT usuario_id, producto_id, cantidad, total, estado FROM pedidos WHERE id = " + id).getFirst();
      assertThat(pedido.getLong("id")).isEqualTo(id);
      assertThat(pedido.getLong("usuario_id")).isEqualTo(((Number) expected.get(0)).longValue());
      assertThat(pedido.getLong("producto_id")).isEqualTo(((Number) expected.get(1)).longValue());
      assertThat(pedido.getLong("cantidad")).isEqualTo(((Number) expected.get(2)).longValue());
      assertThat(new BigDecimal(pedido.getValue("total").toString())).isEqualByComparingTo((BigDecimal) expected.get(3));
      assertThat(pedido.getString("estado")).isEqualTo(expected.get(4));
    }
    assertThat(get("/api/pedidos/3001").statusCode()).isEqualTo(404);

    List<Object> categorias = sqlRows(MS1, "SELECT DISTINCT categoria FROM productos ORDER BY categoria").stream()
        .map(r -> r.getFirst()).toList();
    assertThat(categorias).hasSize(8);
    for (Object categoria : categorias) {
      List<Object> ids = pageThrough("/api/productos-por-categoria/" + encode((String) categoria), 10).stream()
          .map(i -> normal(i.getValue("id"))).toList();
      assertThat(ids).as((String) categoria).containsExactlyElementsOf(
          sqlColumn(MS1, "SELECT id FROM productos WHERE categoria = '" + categoria + "' ORDER BY id"));
    }
    assertThat(get("/api/productos-por-categoria/Libros").bodyAsJsonObject().getJsonArray("items")).isEmpty();

    for (long cliente : List.of(1L, 7L, 200L, 400L)) {
      List<Object> ids = pageThrough("/api/facturas-por-cliente/" + cliente, 2).stream()
          .map(i -> normal(i.getValue("id"))).toList();
      assertThat(ids).as("cliente " + cliente).isNotEmpty().containsExactlyElementsOf(
          sqlColumn(MS2, "SELECT id FROM facturas WHERE cliente_id = " + cliente + " ORDER BY id"));
    }
    assertThat(get("/api/facturas-por-cliente/401").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  // --- dashboard ------------------------------------------------------------------------------------------

  @Test
  @Order(5)
  void theDashboardEqualsTheSameFiguresComputedOnTheSources() throws Exception {
    JsonObject dashboard = get("/api/dashboard").bodyAsJsonObject();

    List<Object> usuarios = sqlRows(MS1, "SELECT count(*), sum(activo <> 0) FROM usuarios").getFirst();
    assertThat(dashboard.getJsonObject("usuarios").getLong("total")).isEqualTo(((Number) usuarios.get(0)).longValue());
    assertThat(dashboard.getJsonObject("usuarios").getLong("activos")).isEqualTo(((Number) usuarios.get(1)).longValue());
    assertThat(longs(dashboard.getJsonObject("productos").getJsonObject("porCategoria")))
        .isEqualTo(counts(MS1, "SELECT categoria, count(*) FROM productos GROUP BY categoria"));
    JsonObject pedidos = dashboard.getJsonObject("pedidos");
    assertThat(pedidos.getLong("total")).isEqualTo(3000);
    assertThat(new BigDecimal(pedidos.getValue("ingresos").toString())).isEqualByComparingTo(
        sqlDecimal(MS1, "SELECT sum(total) FROM pedidos WHERE estado NOT IN ('cancelado', 'devuelto')"));
    assertThat(longs(pedidos.getJsonObject("porEstado")))
        .isEqualTo(counts(MS1, "SELECT estado, count(*) FROM pedidos GROUP BY estado"));

    List<Object> clientes = sqlRows(MS2, "SELECT count(*), count(*) FILTER (WHERE activo) FROM clientes").getFirst();
    assertThat(dashboard.getJsonObject("clientes").getLong("total")).isEqualTo(((Number) clientes.get(0)).longValue());
    assertThat(dashboard.getJsonObject("clientes").getLong("activos")).isEqualTo(((Number) clientes.get(1)).longValue());
    String pending = "estado IN ('emitida', 'parcial', 'vencida')";
    JsonObject facturas = dashboard.getJsonObject("facturas");
    assertThat(facturas.getLong("total")).isEqualTo(2000);
    assertThat(facturas.getLong("pendientes"))
        .isEqualTo(((Number) sqlRows(MS2, "SELECT count(*) FROM facturas WHERE " + pending).getFirst().getFirst()).longValue());
    assertThat(new BigDecimal(facturas.getValue("importePendiente").toString())).isEqualByComparingTo(sqlDecimal(MS2,
        "SELECT sum(f.total - coalesce((SELECT sum(p.importe) FROM pagos p WHERE p.factura_id = f.id"
            + " AND p.estado = 'confirmado'), 0)) FROM facturas f WHERE f." + pending));
    assertThat(dashboard.getJsonObject("pagos").getLong("total")).isEqualTo(2630);
    assertThat(new BigDecimal(dashboard.getJsonObject("pagos").getValue("importeConfirmado").toString()))
        .isEqualByComparingTo(sqlDecimal(MS2, "SELECT sum(importe) FROM pagos WHERE estado = 'confirmado'"))
        .isEqualByComparingTo("4309581.08");

    assertThat(longs(dashboard.getJsonObject("logs").getJsonObject("porNivel"))).isEqualTo(mongoHistogram("logs", "nivel"));
    assertThat(dashboard.getJsonObject("logs").getLong("total")).isEqualTo(mongoCount("logs"));
    assertThat(dashboard.getJsonObject("sesiones").getLong("total")).isEqualTo(mongoCount("sesiones"));
    assertThat(longs(dashboard.getJsonObject("eventos").getJsonObject("porTipo"))).isEqualTo(mongoHistogram("eventos", "tipo"));
    assertThat(dashboard.getJsonObject("eventos").getLong("total")).isEqualTo(mongoCount("eventos"));
  }

  // --- queries, catalog, health and the rest ---------------------------------------------------------------

  @Test
  @Order(6)
  void queriesAnswerWhatTheSourcesAnswer() throws Exception {
    JsonObject custom = post("/api/query-custom", new JsonObject().put("sql",
        "SELECT u.pais, sum(p.total) AS total FROM ms1_pedidos p JOIN ms1_usuarios u ON u.id = p.usuario_id"
            + " GROUP BY u.pais ORDER BY u.pais")).bodyAsJsonObject();
    Map<String, BigDecimal> byCountry = new TreeMap<>();
    custom.getJsonArray("rows").forEach(r -> byCountry.put(((JsonObject) r).getString("pais"),
        new BigDecimal(((JsonObject) r).getValue("total").toString()).stripTrailingZeros()));
    Map<String, BigDecimal> expected = new TreeMap<>();
    sqlRows(MS1, "SELECT u.pais, sum(p.total) FROM pedidos p JOIN usuarios u ON u.id = p.usuario_id GROUP BY u.pais")
        .forEach(r -> expected.put((String) r.get(0), ((BigDecimal) r.get(1)).stripTrailingZeros()));
    assertThat(byCountry).isNotEmpty().isEqualTo(expected);
    assertThat(post("/api/query-custom", new JsonObject().put("sql", "DELETE FROM ms1_pedidos")).statusCode()).isEqualTo(400);

    HttpResponse<Buffer> submitted = post("/api/queries", new JsonObject().put("sql", "SELECT id FROM ms2_pagos ORDER BY id"));
    assertThat(submitted.statusCode()).isEqualTo(202);
    String id = submitted.bodyAsJsonObject().getString("id");
    assertThat(get("/api/queries/" + id).statusCode()).isEqualTo(200);
    List<Object> ids = new ArrayList<>();
    JsonObject page = results(id, null);
    while (true) {
      page.getJsonArray("rows").forEach(r -> ids.add(normal(((JsonObject) r).getValue("id"))));
      String token = page.getString("nextToken");
      if (token == null) {
        break;
      }
      page = results(id, token);
    }
    assertThat(ids).containsExactlyElementsOf(sqlColumn(MS2, "SELECT id FROM pagos ORDER BY id"));
    assertThat(call(HttpMethod.DELETE, "/api/queries/" + id, null).statusCode()).isEqualTo(204);
  }

  @Test
  @Order(7)
  void theCatalogHoldsTheNineTablesWithTheSourcesColumns() throws Exception {
    JsonObject tables = get("/api/catalog/tables").bodyAsJsonObject();
    assertThat(tables.getJsonArray("tables").stream().map(t -> ((JsonObject) t).getString("name")).toList())
        .containsExactlyInAnyOrder("ms1_usuarios", "ms1_pedidos", "ms1_productos", "ms2_clientes", "ms2_facturas",
            "ms2_pagos", "ms3_logs", "ms3_sesiones", "ms3_eventos");
    for (var listing : LISTINGS.values()) {
      if (listing.source().equals("ms3")) {
        continue;
      }
      JsonObject table = get("/api/catalog/tables/" + listing.source() + "_" + listing.table()).bodyAsJsonObject();
      assertThat(table.getString("location")).startsWith("s3://" + lakeport.bucket(listing.source()) + "/");
      Set<String> columns = table.getJsonArray("columns").stream().map(c -> ((JsonObject) c).getString("name"))
          .collect(Collectors.toCollection(TreeSet::new));
      String database = listing.source().equals("ms1") ? "table_schema = 'ms1'" : "table_schema = 'public'";
      assertThat(columns).as(listing.table()).containsAll(sqlColumn(listing.source().equals("ms1") ? MS1 : MS2,
          "SELECT column_name FROM information_schema.columns WHERE " + database + " AND table_name = '"
              + listing.table() + "'").stream().map(Object::toString).toList());
    }
    JsonObject pagos = get("/api/catalog/tables/ms2_pagos").bodyAsJsonObject();
    Map<String, String> types = new TreeMap<>();
    pagos.getJsonArray("columns").forEach(c -> types.put(((JsonObject) c).getString("name"), ((JsonObject) c).getString("type")));
    assertThat(types).containsEntry("importe", "decimal(12,2)").containsEntry("id", "bigint")
        .containsEntry("pagado_en", "timestamp(6) with time zone").containsEntry("registrado_en", "timestamp(6)");
    assertThat(get("/api/catalog/tables/ms9_nada").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(7)
  void theNineTablesAreIcebergTablesOfParquetFilesTheDefaultFormat() throws Exception {
    for (var listing : LISTINGS.values()) {
      String table = "iceberg." + lakeport.schema() + "." + listing.source() + "_" + listing.table();
      List<io.vertx.core.json.JsonArray> created = IngestFixture.trino("SHOW CREATE TABLE " + table);
      assertThat(created).as("SHOW CREATE TABLE " + table).hasSize(1);
      assertThat(created.getFirst().getString(0)).as(table)
          .startsWith("CREATE TABLE " + table)
          .contains("format = 'PARQUET'")
          .contains("format_version = 2")
          .contains("location = 's3://" + lakeport.bucket(listing.source()) + "/");
    }
    // Their snapshots through the API, as its read-only engine user reads them: the full run's one commit.
    JsonObject snapshots = get("/api/catalog/tables/ms1_pedidos/snapshots").bodyAsJsonObject();
    assertThat(snapshots.getInteger("count")).as(snapshots.encode()).isEqualTo(1);
    JsonObject commit = snapshots.getJsonArray("snapshots").getJsonObject(0);
    assertThat(commit.getLong("addedRows")).isEqualTo(((Number) sqlRows(MS1, "SELECT count(*) FROM pedidos").getFirst().getFirst()).longValue());
    assertThat(java.time.Instant.parse(commit.getString("committedAt"))).isBefore(java.time.Instant.now());
  }

  @Test
  @Order(8)
  void healthMetricsAndTheContractItself() throws Exception {
    JsonObject health = get("/health").bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.getJsonObject("lake").getInteger("tables")).isEqualTo(9);
    assertThat(get("/health/live").bodyAsJsonObject().getString("status")).isEqualTo("up");
    JsonObject ready = get("/health/ready").bodyAsJsonObject();
    assertThat(ready.getJsonObject("components").getMap()).containsEntry("engine", "up").containsEntry("catalog", "up")
        .containsEntry("store", "up");
    assertThat(ready.encode()).doesNotContain("http").doesNotContain("127.0.0.1").doesNotContainIgnoringCase("select");
    String metrics = get("/metrics").bodyAsString();
    assertThat(BridgeToolsIT.value(metrics, "lakeport_ingest_rows_total\\{source=\"ms1\",table=\"pedidos\"\\}")).isEqualTo(3000);
    assertThat(BridgeToolsIT.value(metrics, "lakeport_ingest_rows_total\\{source=\"ms3\",table=\"eventos\"\\}")).isEqualTo(2500);
    assertThat(get("/openapi.yaml").bodyAsString())
        .isEqualTo(Files.readString(LakeportProcess.repositoryRoot().resolve("openapi.yaml")));
  }

  /** Last: every operation of the contract has answered a success in the tests above, each validated. */
  @Test
  @Order(9)
  void aRunningRunIsCancelledAndTheLakeStillServesTheSourceRows() throws Exception {
    JsonObject cancelled = null;
    // A run that ends before the DELETE arrives answers 409; a new run is then started and cancelled.
    for (int attempt = 0; attempt < 5 && cancelled == null; attempt++) {
      HttpResponse<Buffer> accepted = post("/api/ingestions", new JsonObject().put("source", "ms3").put("mode", "full"));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String runId = accepted.bodyAsJsonObject().getString("runId");
      HttpResponse<Buffer> answer = call(HttpMethod.DELETE, "/api/ingestions/" + runId, null);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(200, 409);
      if (answer.statusCode() == 200) {
        cancelled = answer.bodyAsJsonObject();
        assertThat(get("/api/ingestions/" + runId).bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
        assertThat(call(HttpMethod.DELETE, "/api/ingestions/" + runId, null).statusCode())
            .as("a run that has ended cannot be cancelled").isEqualTo(409);
      } else {
        events(get("/api/ingestions/" + runId + "/events").bodyAsString());
      }
    }
    assertThat(cancelled).as("one of five runs was still running when cancelled").isNotNull();
    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    assertThat(pageThrough("/api/logs", 1000)).as("ms3 logs after the cancelled run")
        .hasSize(Math.toIntExact(mongoCount("logs")));
  }

  @Test
  @Order(10)
  void everyOperationOfTheContractWasCalledAndAnsweredSuccessfully() {
    Set<String> operations = contract.contract().contract().operations().stream().map(Operation::getOperationId)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> succeeded = ANSWERED.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(s -> s >= 200 && s < 300)).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(succeeded).as("answered: " + ANSWERED).isEqualTo(operations);
  }

  // --- HTTP, each answer checked against the contract --------------------------------------------------------

  private static HttpResponse<Buffer> call(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, uri).timeout(TimeUnit.MINUTES.toMillis(5));
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJsonObject(body)).await(5, TimeUnit.MINUTES);
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    ANSWERED.computeIfAbsent(contract.operation(method, path).getOperationId(), k -> new TreeSet<>()).add(response.statusCode());
    return contract.check(method, uri, response).await(60, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> get(String uri) throws Exception {
    return call(HttpMethod.GET, uri, null);
  }

  private static HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return call(HttpMethod.POST, uri, body);
  }

  /** Every item of a listing, following {@code nextToken} to the end. */
  private static List<JsonObject> pageThrough(String path, int limit) throws Exception {
    List<JsonObject> items = new ArrayList<>();
    String token = null;
    do {
      HttpResponse<Buffer> response = get(path + "?limit=" + limit + (token == null ? "" : "&nextToken=" + encode(token)));
      assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      page.getJsonArray("items").forEach(i -> items.add((JsonObject) i));
      assertThat(page.getInteger("count")).isEqualTo(page.getJsonArray("items").size());
      token = page.getString("nextToken");
    } while (token != null);
    return items;
  }

  private static JsonObject results(String queryId, String token) throws Exception {
    String uri = "/api/queries/" + queryId + "/results?limit=1000" + (token == null ? "" : "&nextToken=" + encode(token));
    for (int attempt = 0; attempt < 1200; attempt++) {
      HttpResponse<Buffer> response = get(uri);
      if (response.statusCode() == 200) {
        return response.bodyAsJsonObject();
      }
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(409);
      Thread.sleep(100);
    }
    throw new AssertionError("query " + queryId + " did not finish");
  }

  /** The {@code data:} of each server-sent event, as JSON. */
  private static List<JsonObject> events(String stream) {
    return stream.lines().filter(l -> l.startsWith("data:"))
        .map(l -> new JsonObject(l.substring("data:".length()).strip())).toList();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Object normal(Object key) {
    return key instanceof Number n ? (Object) n.longValue() : key;
  }

  private static BigDecimal sum(List<JsonObject> items, String column) {
    return items.stream().map(i -> new BigDecimal(i.getValue(column).toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static Map<String, Long> longs(JsonObject counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    return out;
  }

  // --- the sources' own answers ---------------------------------------------------------------------------

  /** The keys of the source table in the order the API sorts them (ids numerically, ObjectIds as hex text). */
  private static List<Object> sourceKeys(Listing listing) throws Exception {
    return switch (listing.source()) {
      case "ms1" -> sqlColumn(MS1, "SELECT id FROM " + listing.table() + " ORDER BY id");
      case "ms2" -> sqlColumn(MS2, "SELECT id FROM " + listing.table() + " ORDER BY id");
      default -> mongo.findWithOptions(listing.table(), new JsonObject(),
              new FindOptions().setFields(new JsonObject().put("_id", 1))).await(60, TimeUnit.SECONDS).stream()
          .map(d -> (Object) objectId(d.getValue("_id"))).sorted().toList();
    };
  }

  /** An ObjectId as the lake holds it: 24 hex digits (the client gives either the text or {@code {"$oid": ...}}). */
  private static String objectId(Object id) {
    return id instanceof JsonObject oid ? oid.getString("$oid") : (String) id;
  }

  private static long mongoCount(String collection) throws Exception {
    return mongo.count(collection, new JsonObject()).await(60, TimeUnit.SECONDS);
  }

  private static Map<String, Long> mongoHistogram(String collection, String field) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    mongo.findWithOptions(collection, new JsonObject(), new FindOptions().setFields(new JsonObject().put(field, 1)))
        .await(60, TimeUnit.SECONDS).forEach(d -> counts.merge(d.getString(field), 1L, Long::sum));
    return counts;
  }

  private static List<List<Object>> sqlRows(String jdbcUrl, String sql) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<Object> sqlColumn(String jdbcUrl, String sql) throws Exception {
    return sqlRows(jdbcUrl, sql).stream().map(r -> normal(r.getFirst())).toList();
  }

  private static BigDecimal sqlDecimal(String jdbcUrl, String sql) throws Exception {
    return new BigDecimal(sqlRows(jdbcUrl, sql).getFirst().getFirst().toString());
  }

  private static Map<String, Long> counts(String jdbcUrl, String sql) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    sqlRows(jdbcUrl, sql).forEach(r -> counts.put((String) r.get(0), ((Number) r.get(1)).longValue()));
    return counts;
  }
}
