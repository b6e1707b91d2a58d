package io.lakeport.api;

import io.lakeport.catalog.CommittedTable;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/tables/{table}/rows} as deployed, against the local stack's Trino, over the nine demo
 * tables of a {@link DemoLake} and a table published only by this test (in no list of the product code):
 * whole tables paged by their keys, a composite key continued by tokens, typed filters, a projection, and
 * the rows equal to what was written; and an Iceberg table of the test's own, published as a format iceberg
 * commit publishes it, read as of an instant. Every answer is checked against the contract.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class TableRowsIT {

  /** The test's own table: a composite key (pedido_id, linea) and a value of each filterable kind. */
  private static final TableSchema LINEAS = new TableSchema("it", "lineas", List.of(
      column("pedido_id", "bigint"), column("linea", "integer"), column("producto", "varchar"),
      column("importe", "decimal(12,2)"), column("fecha", "date"), column("enviado_en", "timestamp"),
      new Column("extra", "extra", LakeType.Primitive.JSON, true, "json")), List.of("pedido_id", "linea"), List.of());
  private static final String AWKWARD_PRODUCTO = "x' OR '1'='1 \"p\" ; --";
  /** The Iceberg table's columns as the lake sees them: the zoned timestamp is a UTC timestamp(6) in the view. */
  private static final TableSchema VERSIONES = new TableSchema("it", "versiones", List.of(
      column("id", "bigint"), column("nombre", "varchar"), new Column("cambiado_en", "cambiado_en",
          LakeType.Primitive.TIMESTAMP, true, "timestamptz")), List.of("id"), List.of());

  private static DemoLake lake;

  private static Column column(String name, String type) {
    return new Column(name, name, LakeType.parse(type), false, type);
  }

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    lake = DemoLake.withApiGroup(vertx, new JsonObject());
    lake.publish(LINEAS, lineas());
  }

  @AfterAll
  static void stop() {
    if (lake != null) {
      lake.close();
    }
  }

  /** 60 lines of 15 pedidos, written in reverse key order so that only the ORDER BY puts them in order. */
  private static List<JsonObject> lineas() {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 60; i >= 1; i--) {
      out.add(new JsonObject()
          .put("pedido_id", (long) (i - 1) / 4 + 1)
          .put("linea", (i - 1) % 4 + 1)
          .put("producto", i == 17 ? AWKWARD_PRODUCTO : "p" + i % 3)
          .put("importe", BigDecimal.valueOf(i * 125L, 2))
          .put("fecha", "2024-01-0" + (i % 3 + 1))
          .put("enviado_en", "2024-01-07 02:11:" + String.format("%02d", i % 60) + ".000000")
          .put("extra", i % 5 == 0 ? null : new JsonObject().put("n", i).put("tags", new JsonArray().add("a").add(i))));
    }
    return out;
  }

  private static List<JsonObject> lineasInKeyOrder(Predicate<JsonObject> filter) {
    return lake.rows("it_lineas").stream().filter(filter)
        .sorted(Comparator.<JsonObject>comparingLong(r -> r.getLong("pedido_id")).thenComparingInt(r -> r.getInteger("linea")))
        .toList();
  }

  private static HttpResponse<Buffer> get(String uri) throws Exception {
    return lake.call(HttpMethod.GET, uri, null);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Every item of a listing, following its tokens; {@code query} without limit and token. */
  private static List<JsonObject> pageThrough(String path, String query, int limit) throws Exception {
    List<JsonObject> items = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String uri = path + "?" + (query.isEmpty() ? "" : query + "&") + "limit=" + limit
          + (token == null ? "" : "&nextToken=" + token);
      HttpResponse<Buffer> response = get(uri);
      assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> items.add((JsonObject) item));
      token = page.getString("nextToken");
      pages++;
      assertThat(pages).as("pages of " + uri).isLessThan(10_000);
    } while (token != null);
    return items;
  }

  /** Numbers compared by value (the answer's decimals come back as JSON numbers, the lake's as BigDecimal). */
  private static Object normal(Object value) {
    return switch (value) {
      case Number n -> new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
      case JsonObject o -> {
        JsonObject out = new JsonObject();
        o.forEach(e -> out.put(e.getKey(), normal(e.getValue())));
        yield out;
      }
      case JsonArray a -> new JsonArray(a.stream().map(TableRowsIT::normal).toList());
      case null -> null;
      default -> value;
    };
  }

  private static List<Object> normal(List<JsonObject> rows) {
    return rows.stream().map(TableRowsIT::normal).toList();
  }

  @Test
  void everyDemoTablePagesByItsKeyWithTheRowsOfItsSeedListing() throws Exception {
    Map<String, String> listings = DemoLake.SEED_LISTINGS;
    for (var entry : listings.entrySet()) {
      String table = entry.getValue();
      String key = table.startsWith("ms3") ? "_id" : "id";
      JsonObject catalogued = get("/api/catalog/tables/" + table).bodyAsJsonObject();
      assertThat(catalogued.getJsonArray("primaryKey")).as(table).containsExactly(key);
      List<JsonObject> rows = pageThrough("/api/tables/" + table + "/rows", "", 333);
      List<Object> expectedKeys = lake.rows(table).stream().map(r -> normal(r.getValue(key))).toList();
      List<Object> keys = rows.stream().map(r -> normal(r.getValue(key))).toList();
      assertThat(keys).as(table).hasSameSizeAs(expectedKeys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedKeys);
      assertThat(keys).as(table + " in key order").isSortedAccordingTo(
          (a, b) -> key.equals("id") ? new BigDecimal((String) a).compareTo(new BigDecimal((String) b)) : ((String) a).compareTo((String) b));
      // The seed listing is a thin use of the same pages: the same rows, value for value.
      assertThat(pageThrough("/api/" + entry.getKey(), "", 1000)).as(table).containsExactlyElementsOf(rows);
    }
  }

  @Test
  void aTableOfTheTestPagesByItsCompositeKeyWithTheRowsWritten() throws Exception {
    List<JsonObject> rows = pageThrough("/api/tables/it_lineas/rows", "", 7);
    assertThat(normal(rows)).containsExactlyElementsOf(normal(lineasInKeyOrder(r -> true)));
    JsonObject catalogued = get("/api/catalog/tables/it_lineas").bodyAsJsonObject();
    assertThat(catalogued.getJsonArray("primaryKey")).containsExactly("pedido_id", "linea");
    // Nested JSON text comes back as JSON, a zone-less timestamp without a zone.
    JsonObject first = rows.getFirst();
    assertThat(first.getJsonObject("extra").getJsonArray("tags").getString(0)).isEqualTo("a");
    assertThat(first.getString("enviado_en")).isEqualTo("2024-01-07 02:11:01.000000");
  }

  @Test
  void filtersAreTypedByTheirColumnsAndKeepTheirTokens() throws Exception {
    List<JsonObject> p1 = pageThrough("/api/tables/it_lineas/rows", "filter=producto:p1&filter=fecha:2024-01-02", 2);
    assertThat(normal(p1)).isNotEmpty().containsExactlyElementsOf(normal(lineasInKeyOrder(
        r -> r.getString("producto").equals("p1") && r.getString("fecha").equals("2024-01-02"))));
    List<JsonObject> typed = pageThrough("/api/tables/it_lineas/rows",
        "filter=linea:3&filter=importe:3.75&filter=enviado_en:2024-01-07T02:11:03", 1);
    assertThat(normal(typed)).isNotEmpty().containsExactlyElementsOf(normal(lineasInKeyOrder(r -> r.getInteger("linea") == 3
        && r.getValue("importe").equals(new BigDecimal("3.75")) && r.getString("enviado_en").startsWith("2024-01-07 02:11:03"))));
    List<JsonObject> awkward = pageThrough("/api/tables/it_lineas/rows", "filter=" + encode("producto:" + AWKWARD_PRODUCTO), 5);
    assertThat(awkward).hasSize(1);
    assertThat(awkward.getFirst().getString("producto")).isEqualTo(AWKWARD_PRODUCTO);
    // A filtered listing of the demo tables the same way as its fixed route.
    assertThat(pageThrough("/api/tables/ms2_facturas/rows", "filter=cliente_id:7&columns=id", 2).stream()
        .map(r -> r.getLong("id")).toList()).containsExactly(31L, 32L, 33L, 34L, 35L);
  }

  @Test
  void aProjectionAnswersItsColumnsAndStillPagesByTheKey() throws Exception {
    List<JsonObject> rows = pageThrough("/api/tables/it_lineas/rows", "columns=importe,producto", 9);
    assertThat(rows).hasSize(60).allSatisfy(r -> assertThat(r.fieldNames()).containsExactlyInAnyOrder("importe", "producto"));
    assertThat(normal(rows)).containsExactlyElementsOf(lineasInKeyOrder(r -> true).stream()
        .map(r -> normal(new JsonObject().put("importe", r.getValue("importe")).put("producto", r.getValue("producto")))).toList());
  }

  @Test
  void unknownTablesColumnsAndValuesAreProblemsNamingThem() throws Exception {
    HttpResponse<Buffer> missing = get("/api/tables/ms9_nada/rows");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("detail")).contains("ms9_nada");
    String internal = lake.sql("SHOW TABLES FROM " + io.lakeport.testkit.LocalStack.TRINO_CATALOG + "." + lake.schema).stream()
        .map(r -> (String) r.getFirst()).filter(n -> n.contains("__data_")).findFirst().orElseThrow();
    assertThat(get("/api/tables/" + internal + "/rows").statusCode()).as(internal).isEqualTo(404);
    HttpResponse<Buffer> bad = get("/api/tables/it_lineas/rows?filter=linea:tres&filter=nope:1&columns=producto,zzz");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").encode())
        .contains("'tres' is not a value of type integer", "'nope' is not a column of it_lineas", "'zzz' is not a column of it_lineas");
  }

  /** The commit time of the Iceberg table's latest snapshot. */
  private static Instant latestCommit(String icebergTable) throws Exception {
    int dot = icebergTable.lastIndexOf('.');
    String snapshots = icebergTable.substring(0, dot) + ".\"" + icebergTable.substring(dot + 1) + "$snapshots\"";
    return OffsetDateTime.parse((String) lake.sql("SELECT to_iso8601(max(committed_at)) FROM " + snapshots)
        .getFirst().getFirst()).toInstant();
  }

  private static List<String> nombres(List<JsonObject> rows) {
    return rows.stream().map(r -> r.getString("nombre")).toList();
  }

  @Test
  void anIcebergTableIsReadAtTheSnapshotItsFirstPageNamedWithOrWithoutAsOf() throws Exception {
    String namespace = io.lakeport.testkit.LocalStack.uniqueSqlName("asof");
    String iceberg = io.lakeport.testkit.LocalStack.TRINO_ICEBERG_CATALOG + "." + namespace + ".it_versiones";
    try {
      lake.sql("CREATE SCHEMA " + io.lakeport.testkit.LocalStack.TRINO_ICEBERG_CATALOG + "." + namespace
          + " WITH (location = 's3://" + lake.bucket() + "/iceberg/" + namespace + "')");
      lake.sql("CREATE TABLE " + iceberg + " (id bigint, nombre varchar, cambiado_en timestamp(6) with time zone)");
      lake.sql("INSERT INTO " + iceberg + " VALUES (1, 'uno', TIMESTAMP '2026-12-01 10:00:00 UTC'),"
          + " (2, 'dos', TIMESTAMP '2026-12-01 11:00:00 Europe/Madrid'), (3, 'tres', NULL)");
      Instant inserted = latestCommit(iceberg);
      lake.sql("UPDATE " + iceberg + " SET nombre = 'UNO' WHERE id = 1");
      lake.sql("INSERT INTO " + iceberg + " VALUES (4, 'cuatro', NULL)");
      assertThat(latestCommit(iceberg)).isAfter(inserted);
      lake.publishIceberg(VERSIONES, new CommittedTable.IcebergTable(io.lakeport.testkit.LocalStack.TRINO_ICEBERG_CATALOG,
          namespace, "it_versiones", "s3://" + lake.bucket() + "/iceberg/" + namespace + "/it_versiones",
          LocalDate.now(ZoneOffset.UTC).toString()));

      // Without asOf: the current snapshot, as the view shows it.
      List<JsonObject> current = pageThrough("/api/tables/it_versiones/rows", "", 3);
      assertThat(nombres(current)).containsExactly("UNO", "dos", "tres", "cuatro");
      // As of the first insert's commit: the rows of that snapshot, with the view's column types.
      List<JsonObject> then = pageThrough("/api/tables/it_versiones/rows", "asOf=" + encode(inserted.toString()), 2);
      assertThat(nombres(then)).containsExactly("uno", "dos", "tres");
      // A timestamptz column: an instant, in RFC 3339 UTC (Europe/Madrid's 11:00 was 10:00 UTC).
      assertThat(then.get(1).getString("cambiado_en")).isEqualTo("2026-12-01T10:00:00.000000Z");
      assertThat(pageThrough("/api/tables/it_versiones/rows", "asOf=" + encode(inserted.toString()) + "&filter=nombre:uno", 2))
          .hasSize(1);

      // Every page names the snapshot it read, and its tokens pin it: a commit between the pages does not reach
      // the second, with or without asOf (a later asOf than now reads the current snapshot).
      JsonObject first = get("/api/tables/it_versiones/rows?limit=2").bodyAsJsonObject();
      JsonObject firstAsOf = get("/api/tables/it_versiones/rows?limit=2&asOf=2999-01-01T00:00:00Z").bodyAsJsonObject();
      for (JsonObject page : List.of(first, firstAsOf)) {
        assertThat(nombres(page.getJsonArray("items").stream().map(JsonObject.class::cast).toList())).containsExactly("UNO", "dos");
      }
      JsonObject named = first.getJsonObject("snapshot");
      assertThat(named).as(first.encode()).isNotNull();
      assertThat(firstAsOf.getJsonObject("snapshot")).isEqualTo(named);
      lake.sql("UPDATE " + iceberg + " SET nombre = 'TRES' WHERE id = 3");
      for (String next : List.of("/api/tables/it_versiones/rows?limit=2&nextToken=" + first.getString("nextToken"),
          "/api/tables/it_versiones/rows?limit=2&asOf=2999-01-01T00:00:00Z&nextToken=" + firstAsOf.getString("nextToken"))) {
        HttpResponse<Buffer> second = get(next);
        assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
        assertThat(nombres(second.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList()))
            .as(next).containsExactly("tres", "cuatro");
        assertThat(second.bodyAsJsonObject().getJsonObject("snapshot")).as(next).isEqualTo(named);
      }
      // As of now, after that commit: its snapshot, another one.
      JsonObject now = get("/api/tables/it_versiones/rows?limit=10&asOf=" + encode(Instant.now().toString())).bodyAsJsonObject();
      assertThat(nombres(now.getJsonArray("items").stream().map(JsonObject.class::cast).toList()))
          .containsExactly("UNO", "dos", "TRES", "cuatro");
      assertThat(now.getJsonObject("snapshot").getString("id")).isNotEqualTo(named.getString("id"));

      // The snapshots endpoint lists the five commits newest first, each on its parent: Trino's CREATE TABLE
      // (an empty snapshot), the first insert (at the instant the asOf above read), update, insert, update.
      JsonObject listed = get("/api/catalog/tables/it_versiones/snapshots").bodyAsJsonObject();
      List<JsonObject> snapshots = listed.getJsonArray("snapshots").stream().map(JsonObject.class::cast).toList();
      assertThat(listed.getString("table")).isEqualTo("it_versiones");
      assertThat(snapshots).hasSize(5).hasSize(listed.getInteger("count"));
      for (int i = 0; i + 1 < snapshots.size(); i++) {
        assertThat(snapshots.get(i).getString("parentId")).isEqualTo(snapshots.get(i + 1).getString("snapshotId"));
        assertThat(Instant.parse(snapshots.get(i).getString("committedAt")))
            .isAfterOrEqualTo(Instant.parse(snapshots.get(i + 1).getString("committedAt")));
      }
      assertThat(snapshots.getLast().getString("parentId")).isNull();
      assertThat(snapshots.getLast().getLong("addedRows")).as("the empty snapshot of CREATE TABLE").isNull();
      JsonObject firstInsert = snapshots.get(3);
      assertThat(firstInsert.getString("operation")).isEqualTo("append");
      assertThat(firstInsert.getLong("addedRows")).isEqualTo(3L);
      assertThat(Instant.parse(firstInsert.getString("committedAt"))).isEqualTo(inserted);
      // The snapshot the pages named before the last UPDATE is the one before it, and the read as of now the last.
      assertThat(named.getString("id")).isEqualTo(snapshots.get(1).getString("snapshotId"));
      assertThat(Instant.parse(named.getString("committedAt"))).isEqualTo(Instant.parse(snapshots.get(1).getString("committedAt")));
      assertThat(now.getJsonObject("snapshot").getString("id")).isEqualTo(snapshots.getFirst().getString("snapshotId"));
      assertThat(snapshots.getFirst().getLong("deletedPositions") != null
          || snapshots.getFirst().getLong("deletedRows") != null).as("the last UPDATE removed a row version").isTrue();
      assertThat(get("/api/catalog/tables/it_versiones/snapshots?limit=1").bodyAsJsonObject().getJsonArray("snapshots"))
          .hasSize(1);

      // Before the table's first snapshot: a problem naming the table, not the engine's text.
      HttpResponse<Buffer> early = get("/api/tables/it_versiones/rows?asOf=2000-01-01T00:00:00Z");
      assertThat(early.statusCode()).as(early.bodyAsString()).isEqualTo(404);
      assertThat(early.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:before-first-snapshot");
      assertThat(early.bodyAsJsonObject().getString("detail")).contains("it_versiones").doesNotContain(namespace);
    } finally {
      io.lakeport.testkit.TrinoSchemas.drop(io.lakeport.testkit.LocalStack.TRINO_URI,
          io.lakeport.testkit.LocalStack.TRINO_ICEBERG_CATALOG, namespace);
    }
  }

  @Test
  void aTableWithoutSnapshotsAnswersAsOfWithAProblemNamingIt() throws Exception {
    HttpResponse<Buffer> response = get("/api/tables/it_lineas/rows?asOf=2026-12-01T10:00:00Z");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:as-of-not-supported");
    assertThat(response.bodyAsJsonObject().getString("table")).isEqualTo("it_lineas");
    HttpResponse<Buffer> snapshots = get("/api/catalog/tables/it_lineas/snapshots");
    assertThat(snapshots.statusCode()).as(snapshots.bodyAsString()).isEqualTo(409);
    assertThat(snapshots.bodyAsJsonObject().getString("type")).isEqualTo("urn:lakeport:problem:no-snapshots");
    assertThat(snapshots.bodyAsJsonObject().getString("table")).isEqualTo("it_lineas");
    assertThat(get("/api/catalog/tables/it_nada/snapshots").statusCode()).isEqualTo(404);
  }
}
