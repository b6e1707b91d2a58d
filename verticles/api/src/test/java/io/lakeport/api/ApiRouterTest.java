package io.lakeport.api;

import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.IcebergSource;
import io.lakeport.run.IngestAddresses;
import io.lakeport.query.PageNotKeptException;
import io.lakeport.query.QueryException;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.lakeport.query.SqlParameter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router built from the contract, over a scripted query service: routing, validation, paging, problem
 * documents, security, ingestion over the bus. Every answer is checked against the contract.
 */
@ExtendWith(VertxExtension.class)
class ApiRouterTest {

  private static final List<ResultColumn> PEDIDO_COLUMNS = List.of(
      new ResultColumn("id", "bigint"), new ResultColumn("usuario_id", "integer"),
      new ResultColumn("producto_id", "integer"), new ResultColumn("cantidad", "integer"),
      new ResultColumn("precio_unitario", "decimal(12,2)"), new ResultColumn("descuento", "decimal(12,2)"),
      new ResultColumn("total", "decimal(12,2)"), new ResultColumn("estado", "varchar"),
      new ResultColumn("metodo_pago", "varchar"), new ResultColumn("direccion_envio", "varchar"),
      new ResultColumn("notas", "varchar"), new ResultColumn("fecha_pedido", "timestamp(6)"),
      new ResultColumn("fecha_entrega", "date"), new ResultColumn("creado_en", "timestamp(6)"),
      new ResultColumn("actualizado_en", "timestamp(6)"));

  private final ScriptedQueryService queries = new ScriptedQueryService();
  /** What the catalog publishes; custom SQL may read these tables only. */
  private final List<CatalogTable> published = new java.util.concurrent.CopyOnWriteArrayList<>(
      List.of(new CatalogTable("ms1_pedidos", PEDIDO_COLUMNS, "s3://raw-ms1/pedidos/")));

  {
    // The other demo tables, which the fixed listings read (ms1_pedidos keeps its columns above).
    TestApi.demoTables().stream().filter(t -> !t.name().equals("ms1_pedidos")).forEach(published::add);
  }
  private TestApi api;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    api = TestApi.start(vertx, TestApi.config(new JsonObject().put("customQueryMaxRows", 5), new JsonObject()), queries,
        TestApi.catalog(published));
  }

  /** Publishes tables the scripted custom queries read. */
  private void publish(String... names) {
    for (String name : names) {
      published.add(new CatalogTable(name, List.of(new ResultColumn("n", "bigint")), "s3://raw/" + name + "/"));
    }
  }

  @AfterEach
  void stop() {
    api.client.close();
  }

  private static List<Object> pedido(long id) {
    List<Object> row = new ArrayList<>(List.of(id, 1L, 2L, 3L, new BigDecimal("10.00")));
    row.add(null);
    row.addAll(List.of(new BigDecimal("30.00"), "pagado", "tarjeta", "Calle Mayor 1", "O'Connor \"2ºB\"",
        "2025-01-01 10:00:00.000000"));
    row.add(null);
    row.addAll(List.of("2025-01-01 10:00:00.000000", "2025-01-02 10:00:00.000001"));
    return row;
  }

  private void scriptPedidos(int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = count; id >= 1; id--) {
      rows.add(pedido(id));
    }
    ScriptedTable table = new ScriptedTable(PEDIDO_COLUMNS, rows, "id");
    queries.answer = table::answer;
  }

  @Test
  void pagesThroughAListingSeeingEveryRowOnce() throws Exception {
    scriptPedidos(250);
    Set<Long> seen = new HashSet<>();
    String uri = "/api/pedidos?limit=100";
    int pages = 0;
    while (uri != null) {
      HttpResponse<Buffer> response = api.get(uri);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      for (Object item : page.getJsonArray("items")) {
        assertThat(seen.add(((JsonObject) item).getLong("id"))).isTrue();
      }
      assertThat(page.getInteger("count")).isEqualTo(page.getJsonArray("items").size());
      String next = page.getString("nextToken");
      uri = next == null ? null : "/api/pedidos?limit=100&nextToken=" + next;
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(250);
    // Keyset pages: the engine saw the key of the last row served as a bound parameter, never in the text.
    assertThat(queries.received.get(1).sql()).endsWith("WHERE \"id\" > ? ORDER BY \"id\" LIMIT 101");
    assertThat(queries.received.get(1).parameters()).containsExactly(SqlParameter.bigint(100));
    assertThat(queries.options.getFirst().cacheable()).isTrue();
  }

  @Test
  void servesTheRowsOfAnyPublishedTableByItsCompositeKey() throws Exception {
    List<ResultColumn> columns = List.of(new ResultColumn("pedido_id", "bigint"), new ResultColumn("linea", "integer"),
        new ResultColumn("producto", "varchar"));
    published.add(new CatalogTable("ms9_lineas", columns, null, List.of("pedido_id", "linea"), List.of()));
    List<List<Object>> rows = List.of(List.of(1L, 1L, "a"), List.of(1L, 2L, "b"), List.of(2L, 1L, "c"));
    // The projection leaves the key out: the statement selects it after the projection, for the token only.
    queries.answer = spec -> Future.succeededFuture(new ResultPage(
        List.of(columns.get(2), columns.get(0), columns.get(1)),
        rows.stream().map(r -> List.<Object>of(r.get(2), r.get(0), r.get(1))).toList(), null));
    JsonObject first = api.get("/api/tables/ms9_lineas/rows?columns=producto&filter=producto:a&limit=2").bodyAsJsonObject();
    assertThat(first.getJsonArray("items")).containsExactly(new JsonObject().put("producto", "a"), new JsonObject().put("producto", "b"));
    assertThat(queries.received.getFirst().sql()).isEqualTo("SELECT \"producto\", \"pedido_id\", \"linea\" FROM"
        + " \"lakeport\".\"ms9_lineas\" WHERE \"producto\" = ? ORDER BY \"pedido_id\", \"linea\" LIMIT 3");
    assertThat(queries.received.getFirst().parameters()).containsExactly(SqlParameter.varchar("a"));
    api.get("/api/tables/ms9_lineas/rows?columns=producto&filter=producto:a&limit=2&nextToken=" + first.getString("nextToken"));
    assertThat(queries.received.get(1).sql()).contains(" AND (\"pedido_id\" > ? OR (\"pedido_id\" = ? AND \"linea\" > ?))");
    assertThat(queries.received.get(1).parameters()).containsExactly(SqlParameter.varchar("a"), SqlParameter.bigint(1),
        SqlParameter.bigint(1), SqlParameter.bigint(2));
    // The token belongs to the table and its filters.
    HttpResponse<Buffer> foreign = api.get("/api/tables/ms9_lineas/rows?filter=producto:b&nextToken=" + first.getString("nextToken"));
    assertThat(foreign.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:invalid-page-token");
    assertThat(queries.received).hasSize(2);
  }

  /** The snapshot the fake engine names as current (or current at an instant) for every Iceberg table. */
  private static final String SNAPSHOT_ID = "8765432109876543210";

  /** The statements of a read of an Iceberg table: the snapshot lookups (on $history) and the pages. */
  private List<String> snapshotLookups() {
    return queries.received.stream().map(QuerySpec::sql).filter(sql -> sql.contains("$history")).toList();
  }

  private List<String> pageReads() {
    return queries.received.stream().map(QuerySpec::sql).filter(sql -> !sql.contains("$history")).toList();
  }

  /**
   * Publishes ms9_ice, an Iceberg table of three rows; its snapshot lookups answer {@link #SNAPSHOT_ID}
   * committed at 2026-12-01 09:30 UTC, or, with {@code history} false, no snapshot at all.
   */
  private void publishIcebergTable(boolean history) {
    List<ResultColumn> columns = List.of(new ResultColumn("id", "bigint"), new ResultColumn("v", "varchar"),
        new ResultColumn("dt", "varchar"));
    published.add(new CatalogTable("ms9_ice", columns, "s3://raw-ms9/iceberg/ms9_ice", List.of("id"), List.of(),
        new IcebergSource("iceberg", "lakeport", "ms9_ice", List.of())));
    List<ResultColumn> snapshot = List.of(new ResultColumn("snapshot_id", "varchar"),
        new ResultColumn("committed_at", "timestamp(3) with time zone"));
    queries.answer = spec -> Future.succeededFuture(spec.sql().contains("$history")
        ? new ResultPage(snapshot, history ? List.of(List.of(SNAPSHOT_ID, "2026-12-01 10:30:00.123 Europe/Madrid")) : List.of(), null)
        : new ResultPage(columns.subList(0, 2), List.of(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c")), null));
  }

  private void publishIcebergTable() {
    publishIcebergTable(true);
  }

  @Test
  void everyPageOfAnIcebergTableReadsAndNamesTheSnapshotItsFirstPageRead() throws Exception {
    publishIcebergTable();
    JsonObject first = api.get("/api/tables/ms9_ice/rows?limit=2").bodyAsJsonObject();
    assertThat(first.getInteger("count")).isEqualTo(2);
    JsonObject named = new JsonObject().put("id", SNAPSHOT_ID).put("committedAt", "2026-12-01T09:30:00.123Z");
    assertThat(first.getJsonObject("snapshot")).isEqualTo(named);
    assertThat(snapshotLookups()).hasSize(1).allMatch(sql -> !sql.contains("WHERE"));
    assertThat(pageReads().getFirst()).contains(" FROM (SELECT\n  \"id\",\n  \"v\"\n"
        + "FROM \"iceberg\".\"lakeport\".\"ms9_ice\" FOR VERSION AS OF " + SNAPSHOT_ID + ") AS \"ms9_ice\"");
    // The next page reads the same snapshot without looking it up again, whatever the engine would now say.
    queries.answer = spec -> spec.sql().contains("$history") ? Future.failedFuture("no lookup expected")
        : Future.succeededFuture(new ResultPage(List.of(new ResultColumn("id", "bigint"), new ResultColumn("v", "varchar")),
            List.of(List.of(3L, "c")), null));
    JsonObject second = api.get("/api/tables/ms9_ice/rows?limit=2&nextToken=" + first.getString("nextToken")).bodyAsJsonObject();
    assertThat(second.getJsonObject("snapshot")).isEqualTo(named);
    assertThat(snapshotLookups()).hasSize(1);
    assertThat(pageReads().get(1)).contains("FOR VERSION AS OF " + SNAPSHOT_ID + ") AS \"ms9_ice\" WHERE \"id\" > ? ");
    // A table without snapshots names none.
    assertThat(api.get("/api/tables/ms1_usuarios/rows?limit=2").bodyAsJsonObject().containsKey("snapshot")).isFalse();
  }

  @Test
  void readsAnIcebergTableAsOfAnInstantAtTheSnapshotCurrentThen() throws Exception {
    publishIcebergTable();
    JsonObject first = api.get("/api/tables/ms9_ice/rows?limit=2&asOf=2026-12-01T11:00:00%2B01:00").bodyAsJsonObject();
    assertThat(first.getInteger("count")).isEqualTo(2);
    assertThat(first.getJsonObject("snapshot").getString("id")).isEqualTo(SNAPSHOT_ID);
    assertThat(snapshotLookups().getFirst())
        .contains(" WHERE h.made_current_at <= TIMESTAMP '2026-12-01 10:00:00.000000 UTC' ORDER BY h.made_current_at DESC LIMIT 1");
    assertThat(pageReads().getFirst()).contains("FOR VERSION AS OF " + SNAPSHOT_ID + ") AS \"ms9_ice\"");
    // The same instant in another spelling continues; the page reads what the first one read.
    HttpResponse<Buffer> second = api.get("/api/tables/ms9_ice/rows?limit=2&asOf=2026-12-01T10:00:00Z&nextToken="
        + first.getString("nextToken"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(snapshotLookups()).hasSize(1);
    assertThat(pageReads().get(1)).contains("FOR VERSION AS OF " + SNAPSHOT_ID + ") AS \"ms9_ice\" WHERE \"id\" > ? ");

    // An instant later than now reads the current snapshot, and so do the following pages, whatever commits meanwhile.
    api.get("/api/tables/ms9_ice/rows?limit=2&asOf=2999-01-01T00:00:00Z").bodyAsJsonObject();
    assertThat(snapshotLookups()).hasSize(2);
    assertThat(snapshotLookups().get(1)).doesNotContain("WHERE").doesNotContain("2999");
  }

  @Test
  void aTokenOfAReadAsOfAnInstantBelongsToThatAsOf() throws Exception {
    publishIcebergTable();
    String token = api.get("/api/tables/ms9_ice/rows?limit=2&asOf=2026-12-01T10:00:00Z").bodyAsJsonObject().getString("nextToken");
    String current = api.get("/api/tables/ms9_ice/rows?limit=2").bodyAsJsonObject().getString("nextToken");
    int sent = queries.received.size();
    for (String uri : List.of("/api/tables/ms9_ice/rows?limit=2&asOf=2026-12-01T10:00:01Z&nextToken=" + token,
        "/api/tables/ms9_ice/rows?limit=2&nextToken=" + token,
        "/api/tables/ms9_ice/rows?limit=2&asOf=2026-12-01T10:00:00Z&nextToken=" + current)) {
      HttpResponse<Buffer> refused = api.get(uri);
      assertThat(refused.statusCode()).as(uri).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:invalid-page-token");
      assertThat(refused.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("name")))
          .contains("asOf");
    }
    assertThat(queries.received).hasSize(sent);
  }

  @Test
  void asOfIsRefusedOnTablesWithoutSnapshotsWhenMalformedAndBeforeTheFirstSnapshot() throws Exception {
    publishIcebergTable(false);
    HttpResponse<Buffer> jsonl = api.get("/api/tables/ms1_usuarios/rows?asOf=2026-12-01T10:00:00Z");
    assertThat(jsonl.statusCode()).isEqualTo(400);
    assertThat(jsonl.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:as-of-not-supported");
    assertThat(jsonl.bodyAsJsonObject().getString("table")).isEqualTo("ms1_usuarios");
    for (String malformed : List.of("yesterday", "2026-12-01T10:00:00", "2026-12-01")) {
      HttpResponse<Buffer> bad = api.get("/api/tables/ms9_ice/rows?asOf=" + malformed);
      assertThat(bad.statusCode()).as(malformed).isEqualTo(400);
      assertThat(bad.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("name")))
          .as(malformed).containsExactly("asOf");
    }
    assertThat(queries.received).isEmpty();
    // No snapshot current at that instant: the history starts later.
    HttpResponse<Buffer> early = api.get("/api/tables/ms9_ice/rows?asOf=2020-01-01T00:00:00Z");
    assertThat(early.statusCode()).isEqualTo(404);
    JsonObject problem = early.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:lakeport:problem:before-first-snapshot");
    assertThat(problem.getString("table")).isEqualTo("ms9_ice");
    assertThat(problem.getString("asOf")).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(problem.getString("detail")).doesNotContain("iceberg.lakeport").contains("ms9_ice");
    assertThat(pageReads()).as("no page is read").isEmpty();
  }

  @Test
  void refusesUnknownTablesColumnsAndValuesNamingThem() throws Exception {
    HttpResponse<Buffer> missing = api.get("/api/tables/ms9_nada/rows");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("detail")).contains("ms9_nada");
    HttpResponse<Buffer> internal = api.get("/api/tables/ms1_usuarios__data_0a1b2c3d/rows");
    assertThat(internal.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> bad = api.get("/api/tables/ms1_usuarios/rows?filter=nope:1&filter=id:abc&filter=preferencias:x"
        + "&filter=activo&columns=id,zzz");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("reason")))
        .containsExactlyInAnyOrder("'zzz' is not a column of ms1_usuarios", "'nope' is not a column of ms1_usuarios",
            "column id: 'abc' is not a value of type integer",
            "column preferencias holds JSON, which cannot be compared with a value", "'activo' is not column:value");
    // ms1_pedidos is published here without a key: no order to page by.
    HttpResponse<Buffer> keyless = api.get("/api/tables/ms1_pedidos/rows");
    assertThat(keyless.statusCode()).isEqualTo(409);
    assertThat(keyless.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:table-without-key");
    assertThat(queries.received).isEmpty();
  }

  @Test
  void anExactlyFullLastPageHasNoNextToken() throws Exception {
    scriptPedidos(100);
    JsonObject page = api.get("/api/pedidos?limit=100").bodyAsJsonObject();
    assertThat(page.getInteger("count")).isEqualTo(100);
    assertThat(page.getString("nextToken")).isNull();
  }

  @Test
  void listsEveryBadParameterInOneProblem() throws Exception {
    HttpResponse<Buffer> response = api.get("/api/pedidos?limit=0&nextToken=not%20a%20token");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:lakeport:problem:invalid-request");
    assertThat(problem.getString("instance")).isEqualTo("/api/pedidos");
    assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("name")))
        .containsExactlyInAnyOrder("limit", "nextToken");
    assertThat(api.get("/api/pedidos?limit=1001").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/pedidos?limit=abc").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/pedidos?limit=5&limit=6").bodyAsJsonObject().encode()).contains("given 2 times");
    assertThat(api.get("/api/pedidos/0").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/pedidos/99999999999999999999").bodyAsJsonObject().encode()).contains("out of range");
    assertThat(queries.received).isEmpty();
  }

  @Test
  void refusesAlteredOrForeignPageTokens() throws Exception {
    scriptPedidos(30);
    String token = api.get("/api/pedidos?limit=10").bodyAsJsonObject().getString("nextToken");
    String altered = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
    JsonObject problem = api.get("/api/pedidos?nextToken=" + altered).bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getString("type")).isEqualTo("urn:lakeport:problem:invalid-page-token");
    HttpResponse<Buffer> foreign = api.get("/api/usuarios?nextToken=" + token);
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.bodyAsJsonObject().getString("detail")).contains("another listing");
    assertThat(queries.received).hasSize(1);
  }

  @Test
  void filtersAreBoundAsParametersAndBelongToTheirTokens() throws Exception {
    List<ResultColumn> columns = List.of(new ResultColumn("id", "bigint"), new ResultColumn("cliente_id", "bigint"));
    queries.answer = spec -> Future.succeededFuture(new ResultPage(columns, List.of(), null));
    String payload = "x' OR '1'='1";
    HttpResponse<Buffer> response = api.send(HttpMethod.GET, "/api/productos-por-categoria/x",
        () -> api.client.get("/api/productos-por-categoria/" + java.net.URLEncoder.encode(payload,
            java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")).send());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(queries.received.getFirst().sql()).doesNotContain("1'='1").contains("WHERE \"categoria\" = ?");
    assertThat(queries.received.getFirst().parameters().getFirst()).isEqualTo(SqlParameter.varchar(payload));
    // A quoted value stays the text that was sent (vertx-openapi would have read it as a JSON string).
    api.get("/api/productos-por-categoria/%22electronica%22");
    assertThat(queries.received.get(1).parameters().getFirst()).isEqualTo(SqlParameter.varchar("\"electronica\""));
  }

  @Test
  void findsAPedidoOrAnswers404() throws Exception {
    scriptPedidos(3);
    queries.answer = spec -> {
      long id = (Long) spec.parameters().getFirst().value();
      return Future.succeededFuture(new ResultPage(PEDIDO_COLUMNS, id <= 3 ? List.of(pedido(id)) : List.of(), null));
    };
    JsonObject pedido = api.get("/api/pedidos/2").bodyAsJsonObject();
    assertThat(pedido.getLong("id")).isEqualTo(2L);
    assertThat(pedido.getString("notas")).isEqualTo("O'Connor \"2ºB\"");
    HttpResponse<Buffer> missing = api.get("/api/pedidos/4");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void mapsEngineFailuresToTheirStatuses() throws Exception {
    publish("x");
    Map<QueryException.Kind, Integer> statuses = Map.of(
        // The listing's SQL is the API's own: the engine refusing it means the lake lacks the table.
        QueryException.Kind.INVALID_QUERY, 503, QueryException.Kind.OVERLOADED, 429,
        QueryException.Kind.ENGINE_FAILED, 502, QueryException.Kind.ENGINE_UNAVAILABLE, 503,
        QueryException.Kind.TIMEOUT, 504);
    for (var entry : statuses.entrySet()) {
      queries.answer = spec -> Future.failedFuture(new QueryException(entry.getKey(), "scripted " + entry.getKey()));
      HttpResponse<Buffer> response = api.get("/api/usuarios");
      assertThat(response.statusCode()).as(entry.getKey().name()).isEqualTo(entry.getValue());
      assertThat(response.bodyAsJsonObject().getString("detail")).endsWith("scripted " + entry.getKey());
      if (entry.getValue() == 429 || entry.getValue() == 503) {
        assertThat(response.getHeader("Retry-After")).isNotNull();
      }
    }
    queries.answer = spec -> Future.failedFuture(new QueryException(QueryException.Kind.INVALID_QUERY, "Table x does not exist"));
    assertThat(api.get("/api/usuarios").bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:lake-not-ready");
    HttpResponse<Buffer> custom = api.post("/api/query-custom", new JsonObject().put("sql", "SELECT * FROM x"));
    assertThat(custom.statusCode()).isEqualTo(400);
    assertThat(custom.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:invalid-query");
    queries.answer = spec -> Future.failedFuture(new IllegalStateException("secret internals"));
    HttpResponse<Buffer> internal = api.raw(HttpMethod.GET, "/api/usuarios");
    assertThat(internal.statusCode()).isEqualTo(500);
    assertThat(internal.bodyAsString()).doesNotContain("secret internals").contains("urn:lakeport:problem:internal");
  }

  @Test
  void aCustomQueryNamesTheSnapshotsOfTheIcebergTablesItReadUnlessACommitLandedMeanwhile() throws Exception {
    publishIcebergTable();
    String sql = "SELECT i.id FROM ms9_ice i JOIN ms1_usuarios u ON u.id = i.id";
    JsonObject answer = api.post("/api/query-custom", new JsonObject().put("sql", sql)).bodyAsJsonObject();
    assertThat(answer.getInteger("count")).isEqualTo(3);
    // Only the Iceberg table keeps snapshots; its lookup before and after the statement named the same one.
    assertThat(answer.getJsonArray("snapshots")).containsExactly(new JsonObject().put("id", SNAPSHOT_ID)
        .put("committedAt", "2026-12-01T09:30:00.123Z").put("table", "ms9_ice"));
    assertThat(snapshotLookups()).hasSize(2);
    assertThat(pageReads()).singleElement().asString().startsWith(sql);

    // A commit between the lookups: which snapshot the statement read is not known, so none is named.
    int[] lookups = {0};
    ResultColumn[] snapshot = {new ResultColumn("snapshot_id", "varchar"), new ResultColumn("committed_at", "timestamp(3) with time zone")};
    var page = queries.answer;
    queries.answer = spec -> spec.sql().contains("$history")
        ? Future.succeededFuture(new ResultPage(List.of(snapshot),
            List.of(List.of(lookups[0]++ == 0 ? "1" : "2", "2026-12-01 10:30:00.123 UTC")), null))
        : page.apply(spec);
    JsonObject during = api.post("/api/query-custom", new JsonObject().put("sql", sql)).bodyAsJsonObject();
    assertThat(during.getInteger("count")).isEqualTo(3);
    assertThat(during.containsKey("snapshots")).as(during.encode()).isFalse();
    // A statement that reads no table with snapshots names none.
    assertThat(api.post("/api/query-custom", new JsonObject().put("sql", "SELECT id FROM ms1_usuarios")).bodyAsJsonObject()
        .getJsonArray("snapshots")).isEmpty();
  }

  @Test
  void customQueriesRefuseWritesBeforeTheEngineSeesThem() throws Exception {
    HttpResponse<Buffer> refused = api.post("/api/query-custom", new JsonObject().put("sql", "SELECT 1;\nDROP TABLE ms1_usuarios"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getInteger("line")).isEqualTo(2);
    assertThat(refused.bodyAsJsonObject().getInteger("column")).isEqualTo(1);
    assertThat(api.post("/api/query-custom", new JsonObject().put("sql", "INSERT INTO t VALUES (1)")).statusCode())
        .isEqualTo(400);
    assertThat(api.post("/api/query-custom", new JsonObject()).bodyAsJsonObject().encode()).contains("sql");
    assertThat(api.post("/api/query-custom", new JsonObject().put("sql", "SELECT 1").put("extra", 1)).statusCode())
        .isEqualTo(400);
    assertThat(queries.received).isEmpty();
  }

  @Test
  void customQueriesAreLimitedAndNeverCached() throws Exception {
    publish("t");
    List<ResultColumn> columns = List.of(new ResultColumn("n", "bigint"));
    queries.answer = spec -> {
      List<List<Object>> rows = new ArrayList<>();
      for (long i = 0; i < 6; i++) {
        rows.add(List.of(i));
      }
      return Future.succeededFuture(new ResultPage(columns, rows, null));
    };
    JsonObject result = api.post("/api/query-custom", new JsonObject().put("sql", "SELECT n FROM t;")).bodyAsJsonObject();
    assertThat(result.getInteger("count")).isEqualTo(5);
    assertThat(result.getBoolean("truncated")).isTrue();
    assertThat(queries.received.getFirst().sql()).isEqualTo("SELECT n FROM t\nLIMIT 6");
    assertThat(queries.options.getFirst().cacheable()).isFalse();
    JsonObject fewer = api.post("/api/query-custom", new JsonObject().put("sql", "SELECT n FROM t").put("maxRows", 2))
        .bodyAsJsonObject();
    assertThat(fewer.getInteger("count")).isEqualTo(2);
    assertThat(queries.received.get(1).sql()).endsWith("LIMIT 3");
  }

  @Test
  void acceptsQueryAsTheSeedsAliasOfSql() throws Exception {
    publish("t");
    queries.answer = spec -> Future.succeededFuture(new ResultPage(List.of(new ResultColumn("n", "bigint")),
        List.of(List.of(1L)), null));
    HttpResponse<Buffer> custom = api.post("/api/query-custom", new JsonObject().put("query", "SELECT n FROM t"));
    assertThat(custom.statusCode()).isEqualTo(200);
    assertThat(custom.bodyAsJsonObject().getInteger("count")).isEqualTo(1);
    assertThat(queries.received.getFirst().sql()).startsWith("SELECT n FROM t");
    HttpResponse<Buffer> submitted = api.post("/api/queries", new JsonObject().put("query", "SELECT n FROM t"));
    assertThat(submitted.statusCode()).isEqualTo(202);
    for (String uri : List.of("/api/query-custom", "/api/queries")) {
      HttpResponse<Buffer> both = api.post(uri, new JsonObject().put("sql", "SELECT 1").put("query", "SELECT 2"));
      assertThat(both.statusCode()).as(uri).isEqualTo(400);
      assertThat(both.bodyAsJsonObject().getString("detail")).as(uri).contains("sql").contains("query").contains("not both");
      assertThat(api.post(uri, new JsonObject()).statusCode()).as(uri).isEqualTo(400);
    }
    assertThat(queries.received).hasSize(2);
  }

  @Test
  void aBodyThatIsNotJsonIs415AndHeadAnswersWhereverGetDoes() throws Exception {
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
      HttpResponse<Buffer> refused = api.send(HttpMethod.POST, "/api/query-custom", () -> api.client
          .post("/api/query-custom").putHeader("Content-Type", type).sendBuffer(Buffer.buffer("sql=SELECT 1")));
      assertThat(refused.statusCode()).as(type).isEqualTo(415);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:unsupported-media-type");
    }
    assertThat(queries.received).isEmpty();
    scriptPedidos(3);
    for (String uri : List.of("/metrics", "/health", "/api/pedidos?limit=2", "/openapi.yaml", "/api/catalog/tables")) {
      HttpResponse<Buffer> get = api.raw(HttpMethod.GET, uri);
      HttpResponse<Buffer> head = api.raw(HttpMethod.HEAD, uri);
      assertThat(head.statusCode()).as("HEAD " + uri).isEqualTo(get.statusCode()).isNotEqualTo(405);
      assertThat(head.getHeader("Content-Type")).as("HEAD " + uri).isEqualTo(get.getHeader("Content-Type"));
      assertThat(head.body() == null ? 0 : head.body().length()).as("HEAD " + uri + " body").isZero();
    }
    assertThat(api.raw(HttpMethod.HEAD, "/api/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void runsAsynchronousQueries() throws Exception {
    publish("t");
    HttpResponse<Buffer> accepted = api.post("/api/queries", new JsonObject().put("sql", "SELECT n FROM t"));
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    assertThat(accepted.getHeader("Location")).isEqualTo("/api/queries/" + id);
    assertThat(api.get("/api/queries/" + id).bodyAsJsonObject().getString("state")).isEqualTo("running");
    HttpResponse<Buffer> early = api.get("/api/queries/" + id + "/results");
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.getHeader("Retry-After")).isEqualTo("1");
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 5; i++) {
      rows.add(List.of(i));
    }
    queries.finish(id, QueryState.SUCCEEDED, null, new ResultPage(List.of(new ResultColumn("n", "bigint")), rows, null));
    JsonObject first = api.get("/api/queries/" + id + "/results?limit=3").bodyAsJsonObject();
    assertThat(first.getInteger("count")).isEqualTo(3);
    JsonObject second = api.get("/api/queries/" + id + "/results?limit=3&nextToken=" + first.getString("nextToken"))
        .bodyAsJsonObject();
    assertThat(second.getInteger("count")).isEqualTo(2);
    assertThat(second.getString("nextToken")).isNull();
    assertThat(api.delete("/api/queries/" + id).statusCode()).isEqualTo(204);
    assertThat(api.get("/api/queries/nope").statusCode()).isEqualTo(404);
    assertThat(api.delete("/api/queries/nope").statusCode()).isEqualTo(404);
    assertThat(api.post("/api/queries", new JsonObject().put("sql", "DELETE FROM t")).statusCode()).isEqualTo(400);
  }

  @Test
  void everyPageOfAQueryHasASignedTokenOfThatQueryAndCanBeReadAgain() throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 1; i <= 25; i++) {
      rows.add(List.of(i));
    }
    ResultPage result = new ResultPage(List.of(new ResultColumn("n", "bigint")), rows, null);
    String id = api.post("/api/queries", new JsonObject().put("sql", "SELECT 1")).bodyAsJsonObject().getString("id");
    String other = api.post("/api/queries", new JsonObject().put("sql", "SELECT 2")).bodyAsJsonObject().getString("id");
    queries.finish(id, QueryState.SUCCEEDED, null, result);
    queries.finish(other, QueryState.SUCCEEDED, null, result);
    String uri = "/api/queries/" + id + "/results?limit=10";
    JsonObject first = api.get(uri).bodyAsJsonObject();
    JsonObject second = api.get(uri + "&nextToken=" + first.getString("nextToken")).bodyAsJsonObject();
    JsonObject third = api.get(uri + "&nextToken=" + second.getString("nextToken")).bodyAsJsonObject();
    assertThat(third.getInteger("count")).isEqualTo(5);
    assertThat(third.getString("nextToken")).isNull();
    assertThat(api.get(uri).bodyAsJsonObject()).as("page 1 after page 3").isEqualTo(first);
    assertThat(api.get(uri + "&nextToken=" + first.getString("nextToken")).bodyAsJsonObject()).as("page 2 again")
        .isEqualTo(second);
    assertThat(first.getString("nextToken")).as("signed, not the service's own token").isNotEqualTo("10");

    HttpResponse<Buffer> foreign = api.get("/api/queries/" + other + "/results?nextToken=" + first.getString("nextToken"));
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:invalid-page-token");
    assertThat(foreign.bodyAsJsonObject().getString("detail")).contains("another listing");
    String token = first.getString("nextToken");
    String altered = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
    assertThat(api.get(uri + "&nextToken=" + altered).bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:lakeport:problem:invalid-page-token");
    assertThat(api.get(uri + "&nextToken=10").statusCode()).as("the service's token unsigned").isEqualTo(400);

    queries.resultsFailure = new PageNotKeptException(0, 10_000, 10_000);
    HttpResponse<Buffer> gone = api.get(uri);
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:page-not-kept");
    assertThat(gone.bodyAsJsonObject().getString("detail")).contains("engine.resultSpoolMaxRows");
  }

  @Test
  void failedAndCancelledQueriesHaveNoResults() throws Exception {
    String failed = api.post("/api/queries", new JsonObject().put("sql", "SELECT 1")).bodyAsJsonObject().getString("id");
    queries.finish(failed, QueryState.FAILED, "division by zero", null);
    HttpResponse<Buffer> response = api.get("/api/queries/" + failed + "/results");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("division by zero");
    String cancelled = api.post("/api/queries", new JsonObject().put("sql", "SELECT 1")).bodyAsJsonObject().getString("id");
    api.delete("/api/queries/" + cancelled);
    assertThat(queries.cancelled).contains(cancelled);
    assertThat(api.get("/api/queries/" + cancelled).bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
    assertThat(api.get("/api/queries/" + cancelled + "/results").statusCode()).isEqualTo(409);
  }

  @Test
  void answersTheCatalog() throws Exception {
    JsonObject tables = api.get("/api/catalog/tables").bodyAsJsonObject();
    assertThat(tables.getInteger("count")).isEqualTo(published.size());
    JsonObject pedidos = api.get("/api/catalog/tables/ms1_pedidos").bodyAsJsonObject();
    assertThat(pedidos.getString("location")).isEqualTo("s3://raw-ms1/pedidos/");
    assertThat(pedidos.getJsonArray("columns")).hasSize(PEDIDO_COLUMNS.size());
    assertThat(api.get("/api/catalog/tables/ms9_nada").statusCode()).isEqualTo(404);
    assertThat(api.get("/api/catalog/tables/x'--").statusCode()).isEqualTo(400);
  }

  @Test
  void reportsHealthAndReadiness() throws Exception {
    HttpResponse<Buffer> healthy = api.get("/health");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.bodyAsJsonObject().getString("status")).isEqualTo("healthy");
    assertThat(healthy.bodyAsJsonObject().getJsonObject("lake").getInteger("tables")).isEqualTo(published.size());
    queries.ready = false;
    HttpResponse<Buffer> unhealthy = api.get("/health");
    assertThat(unhealthy.statusCode()).isEqualTo(503);
    assertThat(unhealthy.bodyAsJsonObject().getString("status")).isEqualTo("unhealthy");
    assertThat(unhealthy.bodyAsJsonObject().getJsonObject("engine").getBoolean("ready")).isFalse();
  }

  @Test
  void servesOnlyWhatTheContractDeclaresAndTheDocs() throws Exception {
    HttpResponse<Buffer> missing = api.raw(HttpMethod.GET, "/api/nada");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> wrongMethod = api.raw(HttpMethod.PUT, "/api/usuarios");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> yaml = api.get("/openapi.yaml");
    assertThat(yaml.bodyAsString()).isEqualTo(api.contract.contract().yaml());
    assertThat(api.raw(HttpMethod.GET, "/docs").getHeader("Location")).isEqualTo("/docs/");
    assertThat(api.raw(HttpMethod.GET, "/docs/").bodyAsString()).contains("swagger-ui");
    assertThat(api.raw(HttpMethod.GET, "/docs/swagger-initializer.js").bodyAsString()).contains("url: \"/openapi.yaml\"");
    assertThat(api.raw(HttpMethod.GET, "/docs/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAnswer503WhenDisabled() throws Exception {
    HttpResponse<Buffer> response = api.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:metrics-disabled");
  }

  @Test
  void refusesBodiesOverTheLimit() throws Exception {
    String big = "SELECT '" + "x".repeat(70 * 1024) + "'";
    HttpResponse<Buffer> response = api.post("/api/query-custom", new JsonObject().put("sql", big));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void startsAndWatchesIngestionsOverTheBus(Vertx vertx) throws Exception {
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.START, message -> {
      String source = message.body().getString("source");
      switch (source) {
        case "ms1" -> message.reply(new JsonObject().put("runId", "ms1-20261127T100000Z-0a1b2c"));
        case "busy" -> message.fail(IngestAddresses.CONFLICT, "a run of busy is going on");
        default -> message.fail(IngestAddresses.NOT_FOUND, "no source named " + source);
      }
    }).completion().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> accepted = api.post("/api/ingestions", new JsonObject().put("source", "ms1"));
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.getHeader("Location")).isEqualTo("/api/ingestions/ms1-20261127T100000Z-0a1b2c");
    assertThat(api.post("/api/ingestions", new JsonObject().put("source", "busy")).statusCode()).isEqualTo(409);
    assertThat(api.post("/api/ingestions", new JsonObject().put("source", "ms9")).statusCode()).isEqualTo(404);
    assertThat(api.post("/api/ingestions", new JsonObject().put("source", "ms1").put("mode", "sometimes")).statusCode())
        .isEqualTo(400);
    // Nobody serves STATUS: the ingest group is not deployed.
    HttpResponse<Buffer> unavailable = api.get("/api/ingestions/ms1-20261127T100000Z-0a1b2c");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.getHeader("Retry-After")).isNotNull();
  }

  @Test
  void streamsARunsProgressUntilItEnds(Vertx vertx) throws Exception {
    String runId = "ms1-20261127T100000Z-0a1b2c";
    JsonObject running = new JsonObject().put("runId", runId).put("source", "ms1").put("mode", "full")
        .put("state", "running").put("startedAt", "2026-11-27T10:00:00Z").put("tables", new JsonArray());
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.STATUS, m -> m.reply(running)).completion()
        .await(10, TimeUnit.SECONDS);
    // A browser asks for gzip; the stream must still come through uncompressed, event by event.
    Future<HttpResponse<Buffer>> stream = api.client.get("/api/ingestions/" + runId + "/events")
        .putHeader("Accept-Encoding", "gzip").send();
    // Publish until the stream is there to see it; events of other runs must not show.
    long timer = vertx.setPeriodic(100, id -> {
      vertx.eventBus().publish(IngestAddresses.PROGRESS, event("ms2-20261127T100000Z-ffffff", "table-progress"));
      vertx.eventBus().publish(IngestAddresses.PROGRESS, event(runId, "table-progress"));
    });
    vertx.setTimer(1500, id -> {
      vertx.cancelTimer(timer);
      vertx.eventBus().publish(IngestAddresses.PROGRESS, event(runId, "run-done"));
    });
    HttpResponse<Buffer> response = api.contract.check(HttpMethod.GET, "/api/ingestions/" + runId + "/events",
        stream.await(30, TimeUnit.SECONDS)).await(30, TimeUnit.SECONDS);
    HttpResponse<Buffer> head = api.raw(HttpMethod.HEAD, "/api/ingestions/" + runId + "/events");
    assertThat(head.statusCode()).as("HEAD of a running run's stream answers at once").isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo("text/event-stream");
    String body = response.bodyAsString();
    assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream");
    assertThat(body).contains("event: table-progress\ndata: {\"runId\":\"" + runId)
        .doesNotContain("ms2-20261127T100000Z-ffffff").endsWith("event: run-done\ndata: " + event(runId, "run-done").encode() + "\n\n");
  }

  @Test
  void aFinishedRunStreamsItsFinalEvent(Vertx vertx) throws Exception {
    String runId = "ms1-20261127T100000Z-0a1b2c";
    JsonObject done = new JsonObject().put("runId", runId).put("source", "ms1").put("mode", "full")
        .put("state", "succeeded").put("startedAt", "2026-11-27T10:00:00Z").put("endedAt", "2026-11-27T10:00:05Z")
        .put("tables", new JsonArray().add(new JsonObject().put("table", "usuarios").put("state", "succeeded")
            .put("rows", 500).put("bytes", 1000)));
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.STATUS, m -> m.reply(done)).completion()
        .await(10, TimeUnit.SECONDS);
    String body = api.get("/api/ingestions/" + runId + "/events").bodyAsString();
    assertThat(body).contains("event: run-done").contains("\"rows\":500");
  }

  private static JsonObject event(String runId, String type) {
    return new JsonObject().put("runId", runId).put("source", runId.substring(0, 3)).put("type", type)
        .put("table", "usuarios").put("rows", 10).put("bytes", 100).put("at", "2026-11-27T10:00:01Z");
  }

  @Test
  void busFailureCodesBecomeProblems() {
    assertThat(io.lakeport.api.impl.Problems.from(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, "bad")).status())
        .isEqualTo(400);
    assertThat(io.lakeport.api.impl.Problems.from(new ReplyException(ReplyFailure.NO_HANDLERS, -1, "none")).status())
        .isEqualTo(503);
  }
}
