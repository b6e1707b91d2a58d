package io.lakeport.api;

import io.lakeport.config.LakeportConfig;
import io.lakeport.testkit.Await;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API as deployed (the {@code api} verticle group found through its service registration, the real
 * query service and catalog) against the local stack's Trino, over the nine demo tables of a {@link DemoLake}.
 * Every answer is checked against the contract (status, media type, schema via vertx-openapi's
 * ResponseValidator).
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class ApiContractIT {

  private static DemoLake lake;
  /** The Vertx the API group runs on: its event bus is the one the commit events travel. */
  private static Vertx apiVertx;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    lake = DemoLake.withApiGroup(vertx, new JsonObject().put("customQueryMaxRows", 100));
    apiVertx = vertx;
    client = lake.client();
  }

  @AfterAll
  static void stop() {
    if (lake != null) {
      lake.close();
    }
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String uri, JsonObject body) throws Exception {
    return lake.call(method, uri, body);
  }

  private static HttpResponse<Buffer> get(String uri) throws Exception {
    return call(HttpMethod.GET, uri, null);
  }

  private static HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return call(HttpMethod.POST, uri, body);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // --- without an ingest group ----------------------------------------------------------------------------

  /**
   * Every operation, each on its success path, is called over the ingested demo data by the app module's
   * DemoDataContractIT. Here no ingest group runs in the process: the ingestion operations answer the
   * contract's 503 problem rather than hang.
   */
  @Test
  void withoutAnIngestGroupTheIngestionOperationsAnswer503() throws Exception {
    assertThat(post("/api/ingestions", new JsonObject().put("source", "ms1")).statusCode()).isEqualTo(503);
    assertThat(get("/api/ingestions").statusCode()).isEqualTo(503);
    assertThat(get("/api/ingestions/ms1-20261127T080000Z-0a1b2c").statusCode()).isEqualTo(503);
    assertThat(get("/api/ingestions/ms1-20261127T080000Z-0a1b2c/events").statusCode()).isEqualTo(503);
  }

  private static HttpResponse<Buffer> waitForResults(String id) throws Exception {
    for (int i = 0; i < 600; i++) {
      HttpResponse<Buffer> response = get("/api/queries/" + id + "/results?limit=500");
      if (response.statusCode() != 409 || !response.bodyAsJsonObject().getString("type").endsWith("query-not-finished")) {
        return response;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("query " + id + " did not finish");
  }

  // --- paging ------------------------------------------------------------------------------------------------

  @Test
  void listingsPageThroughWholeTablesSeeingEveryRowOnce() throws Exception {
    Map<String, String> listings = DemoLake.SEED_LISTINGS;
    for (var entry : listings.entrySet()) {
      String key = entry.getValue().startsWith("ms3") ? "_id" : "id";
      List<Object> expected = lake.rows(entry.getValue()).stream().map(r -> r.getValue(key)).map(ApiContractIT::normal).toList();
      List<Object> seen = pageThrough("/api/" + entry.getKey(), 333, key);
      assertThat(seen).as(entry.getKey()).hasSameSizeAs(expected).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(seen).as(entry.getKey() + " in key order").isSortedAccordingTo((a, b) -> ((Comparable<Object>) a).compareTo(b));
    }
  }

  private static Object normal(Object key) {
    return key instanceof Number n ? (Object) n.longValue() : key;
  }

  private static List<Object> pageThrough(String path, int limit, String key) throws Exception {
    List<Object> seen = new ArrayList<>();
    String token = null;
    do {
      String uri = path + "?limit=" + limit + (token == null ? "" : "&nextToken=" + token);
      JsonObject page = get(uri).bodyAsJsonObject();
      for (Object item : page.getJsonArray("items")) {
        seen.add(normal(((JsonObject) item).getValue(key)));
      }
      token = page.getString("nextToken");
    } while (token != null);
    return seen;
  }

  @Test
  void filteredListingsAnswerExactlyTheirRows() throws Exception {
    for (String categoria : DemoLake.CATEGORIAS) {
      List<Object> ids = pageThrough("/api/productos-por-categoria/" + categoria, 10, "id");
      List<Object> expected = lake.rows("ms1_productos").stream()
          .filter(r -> categoria.equals(r.getString("categoria"))).map(r -> normal(r.getValue("id"))).toList();
      assertThat(ids).as(categoria).hasSize(25).containsExactlyElementsOf(expected);
    }
    List<Object> facturas = pageThrough("/api/facturas-por-cliente/7", 2, "id");
    assertThat(facturas).containsExactly(31L, 32L, 33L, 34L, 35L);
    assertThat(get("/api/facturas-por-cliente/401").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(get("/api/productos-por-categoria/Libros").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  void aPedidoComesBackExactly() throws Exception {
    for (int id : List.of(1, 97, 194, 3000)) {
      JsonObject written = lake.rows("ms1_pedidos").get(id - 1);
      JsonObject answered = get("/api/pedidos/" + id).bodyAsJsonObject();
      assertThat(answered.getLong("id")).isEqualTo(id);
      assertThat(answered.getString("notas")).isEqualTo(written.getString("notas"));
      assertThat(new BigDecimal(answered.getValue("total").toString()))
          .isEqualByComparingTo(new BigDecimal(written.getValue("total").toString()));
      assertThat(answered.getString("fecha_pedido")).isEqualTo(written.getString("fecha_pedido"));
    }
    JsonObject pago = lake.rows("ms2_pagos").get(299);
    assertThat(pago.getString("tasa_cambio")).isEqualTo("NaN");
  }

  @Test
  void jsonAndAwkwardValuesSurviveTheRoundTrip() throws Exception {
    JsonObject usuario = get("/api/usuarios?limit=1").bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(usuario.getString("apellidos")).isEqualTo(DemoLake.AWKWARD);
    JsonObject written = lake.rows("ms1_usuarios").getFirst();
    assertThat(usuario.getValue("preferencias")).isEqualTo(written.getValue("preferencias"));
    JsonArray pagos = get("/api/pagos?limit=300").bodyAsJsonObject().getJsonArray("items");
    assertThat(pagos.getJsonObject(99).getValue("tasa_cambio")).isEqualTo("Infinity");
    assertThat(pagos.getJsonObject(199).getValue("tasa_cambio")).isEqualTo("-Infinity");
    assertThat(pagos.getJsonObject(299).getValue("tasa_cambio")).isEqualTo("NaN");
    JsonObject log = get("/api/logs?limit=1000").bodyAsJsonObject().getJsonArray("items").getJsonObject(12);
    assertThat(log.getString("mensaje")).isEqualTo(DemoLake.AWKWARD);
  }

  // --- dashboard -----------------------------------------------------------------------------------------

  @Test
  void theDashboardAddsUpTheTables() throws Exception {
    JsonObject dashboard = get("/api/dashboard").bodyAsJsonObject();
    List<JsonObject> pedidos = lake.rows("ms1_pedidos");
    assertThat(dashboard.getJsonObject("usuarios").getLong("total")).isEqualTo(500);
    assertThat(dashboard.getJsonObject("usuarios").getLong("activos"))
        .isEqualTo(lake.rows("ms1_usuarios").stream().filter(r -> r.getBoolean("activo")).count());
    assertThat(dashboard.getJsonObject("productos").getJsonObject("porCategoria").getMap())
        .hasSize(8).allSatisfy((k, v) -> assertThat(((Number) v).longValue()).isEqualTo(25));
    assertThat(dashboard.getJsonObject("pedidos").getLong("total")).isEqualTo(3000);
    BigDecimal ingresos = pedidos.stream()
        .filter(r -> !Set.of("cancelado", "devuelto").contains(r.getString("estado")))
        .map(r -> new BigDecimal(r.getValue("total").toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(new BigDecimal(dashboard.getJsonObject("pedidos").getValue("ingresos").toString())).isEqualByComparingTo(ingresos);
    assertThat(longs(dashboard.getJsonObject("pedidos").getJsonObject("porEstado"))).isEqualTo(histogram(pedidos, "estado"));
    assertThat(dashboard.getJsonObject("clientes").getLong("total")).isEqualTo(400);

    Set<String> pendingStates = Set.of("emitida", "parcial", "vencida");
    List<JsonObject> facturas = lake.rows("ms2_facturas");
    List<JsonObject> pending = facturas.stream().filter(r -> pendingStates.contains(r.getString("estado"))).toList();
    Map<Long, BigDecimal> paid = new TreeMap<>();
    for (JsonObject pago : lake.rows("ms2_pagos")) {
      if ("confirmado".equals(pago.getString("estado"))) {
        paid.merge(pago.getLong("factura_id"), new BigDecimal(pago.getValue("importe").toString()), BigDecimal::add);
      }
    }
    BigDecimal owed = pending.stream().map(f -> new BigDecimal(f.getValue("total").toString())
        .subtract(paid.getOrDefault(f.getLong("id"), BigDecimal.ZERO))).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(dashboard.getJsonObject("facturas").getLong("pendientes")).isEqualTo(pending.size());
    assertThat(new BigDecimal(dashboard.getJsonObject("facturas").getValue("importePendiente").toString()))
        .isEqualByComparingTo(owed);
    BigDecimal confirmed = paid.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(new BigDecimal(dashboard.getJsonObject("pagos").getValue("importeConfirmado").toString()))
        .isEqualByComparingTo(confirmed);
    assertThat(longs(dashboard.getJsonObject("logs").getJsonObject("porNivel"))).isEqualTo(histogram(lake.rows("ms3_logs"), "nivel"));
    assertThat(dashboard.getJsonObject("sesiones").getLong("total")).isEqualTo(1000);
    assertThat(longs(dashboard.getJsonObject("eventos").getJsonObject("porTipo"))).isEqualTo(histogram(lake.rows("ms3_eventos"), "tipo"));
  }

  private static Map<String, Object> longs(JsonObject counts) {
    Map<String, Object> out = new TreeMap<>();
    counts.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    return out;
  }

  private static Map<String, Object> histogram(List<JsonObject> rows, String column) {
    Map<String, Object> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(r.getString(column), 1L, (a, b) -> (Long) a + (Long) b));
    return counts;
  }

  // --- injection ---------------------------------------------------------------------------------------------

  static final List<String> PAYLOADS = List.of(
      "'", "''", "\"", "\\'", "' OR '1'='1", "' OR 1=1 --", "libros' OR 'x'='x", "libros'--", "libros';--",
      "'; DROP TABLE ms1_productos; --", "1; DELETE FROM ms1_pedidos", "' UNION SELECT * FROM ms1_usuarios --",
      "' UNION ALL SELECT NULL, NULL --", "/* */ OR /* */ 1=1", "libros/**/OR/**/1=1", "%27", "%2527",
      "’ OR ’1’=’1", "ʼ OR ʼ1ʼ=ʼ1", "＇ OR ＇1＇=＇1", "libros\u0000", "\u2028libros", "${jndi:ldap://x}",
      "'||(SELECT count(*) FROM ms1_usuarios)||'", "libros\\", "libros'; SELECT pg_sleep(10) --");

  @Test
  void injectionPayloadsNeverReachTheEngineAsSql() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String payload : PAYLOADS) {
      String encoded = encode(payload);
      check(problems, "categoria", "/api/productos-por-categoria/" + encoded, 200, 400, 404);
      check(problems, "pedido_id", "/api/pedidos/" + encoded, 400, 404);
      check(problems, "cliente_id", "/api/facturas-por-cliente/" + encoded, 400, 404);
      check(problems, "nextToken", "/api/pedidos?nextToken=" + encoded, 400);
      check(problems, "limit", "/api/usuarios?limit=" + encoded, 400);
      check(problems, "tableName", "/api/catalog/tables/" + encoded, 400, 404);
      check(problems, "queryId", "/api/queries/" + encoded, 400, 404);
      check(problems, "runId", "/api/ingestions/" + encoded, 400, 404);
      check(problems, "source", "/api/ingestions?source=" + encoded, 400, 503);
    }
    assertThat(problems).isEmpty();
    // Nothing was dropped or deleted, and no payload matched a row.
    assertThat(lakeCount("ms1_productos")).isEqualTo(200);
    assertThat(lakeCount("ms1_pedidos")).isEqualTo(3000);
  }

  private static void check(List<String> problems, String parameter, String uri, int... allowed) throws Exception {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    if (lake.contract().contract().contract().findOperation(path, HttpMethod.GET) == null) {
      // Not an operation's path at all (e.g. the payload holds a '/'): must be a problem, never rows.
      HttpResponse<Buffer> response = client.get(uri).send().await(60, TimeUnit.SECONDS);
      if (response.statusCode() != 404 || !"application/problem+json".equals(response.getHeader("Content-Type"))) {
        problems.add(parameter + " " + uri + ": " + response.statusCode() + " " + response.bodyAsString());
      }
      return;
    }
    HttpResponse<Buffer> response = get(uri);
    int status = response.statusCode();
    if (java.util.Arrays.stream(allowed).noneMatch(s -> s == status)) {
      problems.add(parameter + " " + uri + ": " + status + " " + response.bodyAsString());
      return;
    }
    if (status == 200) {
      // The only 200 a payload may get: an empty page (no category is called that).
      JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
      if (!items.isEmpty()) {
        problems.add(parameter + " " + uri + ": answered " + items.size() + " rows");
      }
    }
  }

  private static long lakeCount(String table) throws Exception {
    return ((Number) lake.sql("SELECT count(*) FROM hive." + lake.schema + "." + table).getFirst().getFirst()).longValue();
  }

  // --- custom queries ----------------------------------------------------------------------------------------

  @Test
  void customQueriesRefuseDdlAndDml() throws Exception {
    List<String> statements = List.of(
        "DROP TABLE ms1_usuarios", "DROP VIEW ms1_usuarios", "DELETE FROM ms1_pedidos", "INSERT INTO ms1_pedidos (id) VALUES (1)",
        "UPDATE ms1_pedidos SET total = 0", "CREATE TABLE api_it_nope AS SELECT 1 AS a", "ALTER VIEW ms1_usuarios RENAME TO x",
        "CALL system.sync_partition_metadata('" + lake.schema + "', 'x', 'FULL')", "SET SESSION query_max_run_time = '1h'",
        "SELECT 1; DROP TABLE ms1_usuarios", "SELECT * FROM ms1_usuarios; DELETE FROM ms1_pedidos", "GRANT SELECT ON ms1_usuarios TO ROLE public",
        "EXPLAIN ANALYZE DELETE FROM ms1_pedidos", "USE hive.default", "COMMIT");
    for (String sql : statements) {
      HttpResponse<Buffer> response = post("/api/query-custom", new JsonObject().put("sql", sql));
      assertThat(response.statusCode()).as(sql).isEqualTo(400);
      JsonObject problem = response.bodyAsJsonObject();
      assertThat(problem.getInteger("line")).as(sql).isPositive();
      assertThat(problem.getInteger("column")).as(sql).isPositive();
      assertThat(post("/api/queries", new JsonObject().put("sql", sql)).statusCode()).as(sql).isEqualTo(400);
    }
    assertThat(lakeCount("ms1_usuarios")).isEqualTo(500);
    assertThat(lakeCount("ms1_pedidos")).isEqualTo(3000);
    JsonArray tables = post("/api/query-custom", new JsonObject().put("sql", "SHOW TABLES")).bodyAsJsonObject().getJsonArray("rows");
    assertThat(tables.encode()).doesNotContain("api_it_nope").contains("ms1_usuarios");
  }

  /**
   * With the cache at its default (30 s), a listing answered once is served from the cache; when a run
   * commits the table (its table-done event on the bus, as the ingest run publishes it), the same listing
   * shows the committed change at once. The original rows are committed back afterwards.
   */
  @Test
  void aCommitDropsCachedListings() throws Exception {
    assertThat(lake.config.engine().cacheSeconds()).isEqualTo(30);
    List<JsonObject> original = lake.rows("ms1_usuarios");
    long firstId = original.stream().mapToLong(row -> row.getLong("id")).min().orElseThrow();
    String uri = "/api/usuarios?limit=3";
    String before = get(uri).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("nombre");
    assertThat(before).isNotEqualTo("Cambiado por el commit");
    List<JsonObject> changed = new ArrayList<>();
    original.forEach(row -> changed.add(row.getLong("id") == firstId ? row.copy().put("nombre", "Cambiado por el commit") : row));
    try {
      lake.commitFullRun("ms1_usuarios", changed, "ms1-20261127T090000Z-0c0c0c");
      assertThat(get(uri).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("nombre"))
          .as("without the commit event the cached listing is still served").isEqualTo(before);
      apiVertx.eventBus().publish(io.lakeport.run.IngestAddresses.PROGRESS, tableDone("ms1-20261127T090000Z-0c0c0c"));
      String after = null;
      for (int i = 0; i < 100 && !"Cambiado por el commit".equals(after); i++) {
        after = get(uri).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("nombre");
        if (!"Cambiado por el commit".equals(after)) {
          Thread.sleep(20);
        }
      }
      assertThat(after).as("the listing after the commit event (waited up to 2 s, the cache keeps 30 s)")
          .isEqualTo("Cambiado por el commit");
    } finally {
      lake.commitFullRun("ms1_usuarios", original, "ms1-20261127T100000Z-0d0d0d");
      apiVertx.eventBus().publish(io.lakeport.run.IngestAddresses.PROGRESS, tableDone("ms1-20261127T100000Z-0d0d0d"));
    }
  }

  private static JsonObject tableDone(String runId) {
    return new io.lakeport.run.ProgressEvent(runId, "ms1", io.lakeport.run.ProgressEvent.Type.TABLE_DONE,
        "usuarios", 500, 1, "1 objects", java.time.Instant.now()).toJson();
  }

  /**
   * Custom SQL reads the lake's published tables and nothing else: each attempt is a 403 naming the object,
   * answered before the engine sees it (no rows, nothing of the object in the answer), while the lake's
   * tables stay readable however they are spelled.
   */
  @Test
  void customSqlReadsTheLakesTablesOnly() throws Exception {
    String storage = lake.sql("SELECT table_name FROM " + LocalStack.TRINO_CATALOG + ".information_schema.tables"
        + " WHERE table_schema = '" + lake.schema + "' AND table_type = 'BASE TABLE' AND table_name LIKE '%pedidos%'")
        .getFirst().getFirst().toString();
    assertThat(storage).contains("__data_");
    Map<String, String> attempts = new LinkedHashMap<>();
    attempts.put("SELECT query_id, query, \"user\", source FROM system.runtime.queries", "system.runtime.queries");
    attempts.put("SELECT * FROM system.runtime.nodes", "system.runtime.nodes");
    attempts.put("SHOW CATALOGS", "SHOW CATALOGS");
    attempts.put("SHOW SCHEMAS FROM " + LocalStack.TRINO_CATALOG, "SHOW SCHEMAS");
    attempts.put("SELECT * FROM " + LocalStack.TRINO_CATALOG + ".default.ms1_pedidos", "default.ms1_pedidos");
    attempts.put("SELECT * FROM information_schema.tables", "information_schema.tables");
    attempts.put("SELECT * FROM \"" + storage + "\"", storage);
    attempts.put("WITH q AS (SELECT query FROM system.runtime.queries) SELECT * FROM q", "system.runtime.queries");
    attempts.put("SELECT id FROM ms1_pedidos WHERE id IN (SELECT 1 FROM system.runtime.nodes)", "system.runtime.nodes");
    attempts.put("SELECT p.id FROM ms1_pedidos p JOIN system.runtime.queries q ON true", "system.runtime.queries");
    attempts.put("SELECT id FROM ms1_pedidos UNION SELECT id FROM \"" + storage + "\"", storage);
    attempts.put("SELECT * FROM \"SYSTEM\".\"RUNTIME\".\"QUERIES\"", "system.runtime.queries");
    attempts.put("SELECT * FROM SyStEm.RunTime.Nodes", "system.runtime.nodes");
    attempts.put("TABLE system.runtime.nodes", "system.runtime.nodes");
    attempts.put("DESCRIBE \"" + storage + "\"", storage);
    attempts.put("SELECT * FROM TABLE(system.query(query => 'SELECT 1'))", "system.query");
    for (Map.Entry<String, String> attempt : attempts.entrySet()) {
      for (String uri : List.of("/api/query-custom", "/api/queries")) {
        HttpResponse<Buffer> refused = post(uri, new JsonObject().put("sql", attempt.getKey()));
        assertThat(refused.statusCode()).as(uri + " " + attempt.getKey()).isEqualTo(403);
        JsonObject problem = refused.bodyAsJsonObject();
        assertThat(problem.getString("type")).isEqualTo("urn:lakeport:problem:forbidden-object");
        assertThat(problem.getString("object")).as(attempt.getKey()).containsIgnoringCase(attempt.getValue());
        assertThat(problem.containsKey("rows")).isFalse();
        assertThat(refused.bodyAsString()).as(attempt.getKey()).doesNotContain("coordinator")
            .doesNotContain(LocalStack.TRINO_URI.toString()).doesNotContain("s3://");
      }
    }
    List<String> allowed = List.of("SELECT count(*) AS n FROM ms1_pedidos", "SELECT count(*) AS n FROM \"MS1_PEDIDOS\"",
        "SELECT count(*) AS n FROM " + LocalStack.TRINO_CATALOG + "." + lake.schema + ".Ms1_Pedidos",
        "WITH p AS (SELECT id FROM ms1_pedidos) SELECT count(*) AS n FROM p JOIN ms1_usuarios u ON p.id = u.id",
        "SELECT count(*) AS n FROM (SELECT id FROM ms1_pedidos UNION ALL SELECT id FROM ms1_usuarios)");
    for (String sql : allowed) {
      HttpResponse<Buffer> answered = post("/api/query-custom", new JsonObject().put("sql", sql));
      assertThat(answered.statusCode()).as(sql).isEqualTo(200);
      assertThat(answered.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getLong("n")).as(sql).isPositive();
    }
    JsonArray tables = post("/api/query-custom", new JsonObject().put("sql", "SHOW TABLES")).bodyAsJsonObject().getJsonArray("rows");
    assertThat(tables.encode()).contains("ms1_pedidos").doesNotContain("__data_");
    assertThat(get("/api/catalog/tables").bodyAsString()).doesNotContain("__data_");
  }

  @Test
  void customQueriesRunReadOnlyStatementsWithARowLimit() throws Exception {
    JsonObject grouped = post("/api/query-custom", new JsonObject().put("sql",
        "SELECT categoria, count(*) AS n FROM ms1_productos GROUP BY categoria ORDER BY categoria;")).bodyAsJsonObject();
    assertThat(grouped.getInteger("count")).isEqualTo(8);
    assertThat(grouped.getBoolean("truncated")).isFalse();
    assertThat(grouped.getJsonArray("rows").getJsonObject(0).getString("categoria")).isEqualTo("alimentacion");
    JsonObject capped = post("/api/query-custom", new JsonObject().put("sql", "SELECT id FROM ms1_pedidos ORDER BY id"))
        .bodyAsJsonObject();
    assertThat(capped.getInteger("count")).isEqualTo(100);
    assertThat(capped.getBoolean("truncated")).isTrue();
    JsonObject few = post("/api/query-custom", new JsonObject().put("sql", "SELECT id FROM ms1_pedidos ORDER BY id DESC")
        .put("maxRows", 3)).bodyAsJsonObject();
    assertThat(few.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getLong("id")).toList())
        .containsExactly(3000L, 2999L, 2998L);
    assertThat(post("/api/query-custom", new JsonObject().put("sql", "DESCRIBE ms2_pagos")).bodyAsJsonObject()
        .getInteger("count")).isGreaterThanOrEqualTo(16);
    assertThat(post("/api/query-custom", new JsonObject().put("sql", "EXPLAIN SELECT count(*) FROM ms3_logs"))
        .statusCode()).isEqualTo(200);
    // Parsed fine, refused by the engine: still a 400 problem, with the engine's reason.
    HttpResponse<Buffer> unknown = post("/api/query-custom", new JsonObject().put("sql", "SELECT nope FROM ms1_pedidos"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("detail")).containsIgnoringCase("nope");
  }

  @Test
  void asynchronousQueriesPageAndCancel() throws Exception {
    String id = post("/api/queries", new JsonObject().put("sql", "SELECT id, total FROM ms1_pedidos ORDER BY id"))
        .bodyAsJsonObject().getString("id");
    JsonObject first = waitForResults(id).bodyAsJsonObject();
    Set<Long> ids = new LinkedHashSet<>();
    first.getJsonArray("rows").forEach(r -> ids.add(((JsonObject) r).getLong("id")));
    List<JsonObject> pages = new ArrayList<>(List.of(first));
    String token = first.getString("nextToken");
    while (token != null) {
      JsonObject page = get("/api/queries/" + id + "/results?limit=500&nextToken=" + encode(token)).bodyAsJsonObject();
      page.getJsonArray("rows").forEach(r -> ids.add(((JsonObject) r).getLong("id")));
      pages.add(page);
      token = page.getString("nextToken");
    }
    assertThat(ids).hasSize(3000);
    assertThat(get("/api/queries/" + id).bodyAsJsonObject().getLong("rowCount")).as("the total, once the last page was read")
        .isEqualTo(3000);
    // Any page again, after the last one: the same rows, while the query is kept.
    assertThat(get("/api/queries/" + id + "/results?limit=500").bodyAsJsonObject()).as("page 1 again").isEqualTo(first);
    assertThat(get("/api/queries/" + id + "/results?limit=500&nextToken=" + encode(first.getString("nextToken")))
        .bodyAsJsonObject()).as("page 2 again").isEqualTo(pages.get(1));

    String slow = post("/api/queries", new JsonObject().put("sql",
        "SELECT count(*) FROM ms1_pedidos a CROSS JOIN ms1_pedidos b CROSS JOIN ms1_pedidos c")).bodyAsJsonObject().getString("id");
    assertThat(call(HttpMethod.DELETE, "/api/queries/" + slow, null).statusCode()).isEqualTo(204);
    JsonObject state = get("/api/queries/" + slow).bodyAsJsonObject();
    assertThat(state.getString("state")).isEqualTo("cancelled");
    assertThat(get("/api/queries/" + slow + "/results").statusCode()).isEqualTo(409);
  }

  /**
   * DELETE of a running asynchronous query stops it in the engine: its state is cancelled, and Trino's
   * system.runtime.queries shows the engine query no longer running within 2 s.
   */
  @Test
  void cancellingARunningQueryStopsItInTrinoWithinTwoSeconds() throws Exception {
    JsonObject submitted = post("/api/queries", new JsonObject().put("sql",
        "SELECT count(*) FROM ms1_pedidos a CROSS JOIN ms1_pedidos b CROSS JOIN ms1_pedidos c CROSS JOIN ms1_usuarios d"))
        .bodyAsJsonObject();
    String id = submitted.getString("id");
    String engineQueryId = submitted.getString("engineQueryId");
    for (int i = 0; i < 200 && (engineQueryId == null || !"running".equals(get("/api/queries/" + id).bodyAsJsonObject().getString("state"))); i++) {
      engineQueryId = get("/api/queries/" + id).bodyAsJsonObject().getString("engineQueryId");
      Thread.sleep(25);
    }
    assertThat(engineQueryId).as("the engine query id while it runs (waited 5 s)").isNotNull();
    assertThat(trinoState(engineQueryId)).as("running in Trino before the cancel").isIn("QUEUED", "PLANNING", "STARTING", "RUNNING");
    assertThat(call(HttpMethod.DELETE, "/api/queries/" + id, null).statusCode()).isEqualTo(204);
    long cancelledAt = System.nanoTime();
    assertThat(get("/api/queries/" + id).bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
    String state = trinoState(engineQueryId);
    while (!"FAILED".equals(state) && !"FINISHED".equals(state) && System.nanoTime() - cancelledAt < 2_000_000_000L) {
      Thread.sleep(50);
      state = trinoState(engineQueryId);
    }
    assertThat(state).as("Trino's state of the query 2 s after the cancel").isIn("FAILED", "FINISHED");
    assertThat(get("/api/queries/" + id).bodyAsJsonObject().getString("state")).as("still cancelled").isEqualTo("cancelled");
  }

  private static String trinoState(String engineQueryId) throws Exception {
    List<List<Object>> rows = lake.sql("SELECT state FROM system.runtime.queries WHERE query_id = '" + engineQueryId + "'");
    return rows.isEmpty() ? null : String.valueOf(rows.getFirst().getFirst());
  }

  @Test
  void aCustomQueryPastItsTimeoutIsCancelledWith504(Vertx vertx) throws Exception {
    LakeportConfig config = TestApi.config(new JsonObject().put("customQueryTimeoutSeconds", 1),
        new JsonObject().put("schema", lake.schema).put("trino", new JsonObject()
            .put("uri", lake.config.engine().trinoUri().toString()).put("user", "lakeport-timeout-it")));
    var queries = io.lakeport.query.engines.QueryEngines.service(vertx, config.engine()).await(60, TimeUnit.SECONDS);
    TestApi api = TestApi.start(vertx, config, queries, io.lakeport.catalog.Catalogs.create(config.engine(), queries));
    try {
      HttpResponse<Buffer> response = api.post("/api/query-custom", new JsonObject().put("sql",
          "SELECT count(*) FROM ms1_pedidos a CROSS JOIN ms1_pedidos b CROSS JOIN ms1_pedidos c"));
      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:timeout");
      // The engine query was cancelled, not left running: Trino reports no query of this user still running.
      Await.value("Trino to show no query of the timed-out user still running", Duration.ofMinutes(1),
          () -> lake.sql("SELECT query_id FROM system.runtime.queries WHERE \"user\" = 'lakeport-timeout-it'"
              + " AND state NOT IN ('FINISHED', 'FAILED')"), List::isEmpty);
    } finally {
      api.client.close();
      queries.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theCatalogListsTheNineTables() throws Exception {
    JsonObject tables = get("/api/catalog/tables").bodyAsJsonObject();
    assertThat(tables.getJsonArray("tables").stream().map(t -> ((JsonObject) t).getString("name")).toList())
        .containsExactly("ms1_pedidos", "ms1_productos", "ms1_usuarios", "ms2_clientes", "ms2_facturas", "ms2_pagos",
            "ms3_eventos", "ms3_logs", "ms3_sesiones");
    JsonObject pagos = get("/api/catalog/tables/ms2_pagos").bodyAsJsonObject();
    assertThat(pagos.getString("location")).startsWith("s3://");
    assertThat(get("/api/catalog/tables/ms9_nada").statusCode()).isEqualTo(404);
  }
}
