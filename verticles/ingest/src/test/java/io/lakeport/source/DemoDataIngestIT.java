package io.lakeport.source;

import io.lakeport.catalog.ServiceStatements;
import io.lakeport.config.LakeportConfig;
import io.lakeport.config.ProfileLoader;
import io.lakeport.ingest.IngestGroup;
import io.lakeport.run.RunStatus;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.testing.IngestBus;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data of init-scripts/ ingested as a user gets it: the {@code ingest} group deployed from
 * {@code conf/local.yaml} (with {@code format: jsonl}) against the local stack's ms1 (MariaDB), ms2 (PostgreSQL) and ms3 (Mongo wire
 * server), into scratch buckets and a scratch Trino schema. Every object the runs committed is read back:
 * each line must parse, each table must hold exactly the source's rows, and the awkward values (money,
 * microsecond timestamps in UTC, TINYINT(1) booleans, NaN and infinities, ObjectIds) must equal what the
 * source databases hold, row by row.
 */
@ExtendWith(LocalStackExtension.class)
class DemoDataIngestIT {

  private static final Map<String, List<String>> TABLES = Map.of(
      "ms1", List.of("usuarios", "pedidos", "productos"),
      "ms2", List.of("clientes", "facturas", "pagos"),
      "ms3", List.of("logs", "sesiones", "eventos"));

  private static Vertx vertx;
  private static S3AsyncClient s3;
  private static String schema;
  private static EngineQueryService trino;
  private static ServiceStatements sql;
  private static final Map<String, ScratchBucket> BUCKETS = new HashMap<>();
  /** source → table → the lake's rows, parsed with exact numbers, in the order the objects hold them. */
  private static final Map<String, Map<String, List<Map<String, Object>>>> LAKE = new HashMap<>();

  @BeforeAll
  static void ingestTheDemoData() throws Exception {
    s3 = LocalStack.newS3AsyncClient();
    Map<String, String> env = new HashMap<>();
    env.put("LAKEPORT_GROUPS", "ingest");
    schema = LocalStack.uniqueSqlName("demo_it");
    env.put("LAKEPORT_ENGINE__SCHEMA", schema);
    for (String source : TABLES.keySet()) {
      ScratchBucket bucket = ScratchBucket.create(s3, "demo-" + source);
      BUCKETS.put(source, bucket);
      env.put("LAKEPORT_SOURCES__" + source.toUpperCase() + "__BUCKET", bucket.name());
      // The JSON Lines format, whose objects this test reads line by line (conf/local.yaml's default is Iceberg,
      // which DemoDataContractIT ingests and reads back through the API).
      env.put("LAKEPORT_SOURCES__" + source.toUpperCase() + "__FORMAT", "jsonl");
    }
    LakeportConfig config = ProfileLoader.load(LocalStack.repositoryRoot().resolve("conf/local.yaml"), env);
    vertx = Vertx.vertx();
    new IngestGroup().deploy(vertx, config).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    IngestBus bus = new IngestBus(vertx);
    trino = QueryEngines.service(vertx, config.engine()).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    sql = new ServiceStatements(trino, Duration.ofSeconds(120));
    for (String source : TABLES.keySet()) {
      RunStatus status = bus.awaitEnd(bus.start(new JsonObject().put("source", source).put("mode", "full")));
      assertThat(status.state()).as(source + ": " + status.error()).isEqualTo(RunStatus.State.SUCCEEDED);
      Map<String, List<Map<String, Object>>> tables = new HashMap<>();
      for (RunStatus.TableStatus table : status.tables()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : table.objects()) {
          String text = s3.getObject(r -> r.bucket(BUCKETS.get(source).name()).key(key),
              AsyncResponseTransformer.toBytes()).get(1, TimeUnit.MINUTES).asString(StandardCharsets.UTF_8);
          for (String line : text.split("\n")) {
            rows.add(SourceTesting.parseLine(line));
          }
        }
        assertThat(rows.size()).as(source + "." + table.table() + " rows reported").isEqualTo(table.rows());
        tables.put(table.table(), rows);
      }
      LAKE.put(source, tables);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (sql != null) {
      for (List<Object> row : trino("SELECT table_name, table_type FROM hive.information_schema.tables"
          + " WHERE table_schema = '" + schema + "'")) {
        trino("DROP " + ("VIEW".equals(row.get(1)) ? "VIEW" : "TABLE") + " IF EXISTS hive." + schema + ".\""
            + row.get(0) + "\"");
      }
      trino("DROP SCHEMA IF EXISTS hive." + schema);
      trino.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
    BUCKETS.values().forEach(ScratchBucket::close);
    s3.close();
  }

  @Test
  void everyDemoTableHoldsExactlyTheSourceRows() throws Exception {
    for (String table : TABLES.get("ms1")) {
      assertThat(LAKE.get("ms1").get(table)).as("ms1." + table)
          .hasSize((int) sqlCount(LocalStack.MARIADB.jdbcUrl("ms1"), table));
    }
    for (String table : TABLES.get("ms2")) {
      assertThat(LAKE.get("ms2").get(table)).as("ms2." + table)
          .hasSize((int) sqlCount(LocalStack.POSTGRES.jdbcUrl("ms2"), table));
    }
    MongoClient mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", LocalStack.MONGO_CONNECTION_STRING).put("db_name", "ms3"));
    try {
      for (String collection : TABLES.get("ms3")) {
        long count = mongo.count(collection, new JsonObject()).toCompletionStage().toCompletableFuture()
            .get(1, TimeUnit.MINUTES);
        assertThat(LAKE.get("ms3").get(collection)).as("ms3." + collection).hasSize((int) count);
        assertThat(ids(LAKE.get("ms3").get(collection), "_id")).as("ms3." + collection + " ids are unique")
            .hasSize((int) count);
      }
    } finally {
      mongo.close();
    }
  }

  @Test
  void mysqlMoneyTimestampsAndBooleansAreExact() throws Exception {
    Map<Object, List<Object>> source = sqlRows(LocalStack.MARIADB.jdbcUrl("ms1"),
        "SELECT id, total, DATE_FORMAT(creado_en, '%Y-%m-%d %H:%i:%s.%f') FROM pedidos");
    assertThat(LAKE.get("ms1").get("pedidos")).allSatisfy(row -> {
      List<Object> expected = source.get(((BigDecimal) row.get("id")).longValue());
      assertThat((BigDecimal) row.get("total")).isEqualTo(expected.get(0));
      assertThat(row.get("creado_en")).isEqualTo(expected.get(1));
    });
    Map<Object, List<Object>> usuarios = sqlRows(LocalStack.MARIADB.jdbcUrl("ms1"),
        "SELECT id, CASE WHEN activo <> 0 THEN 'true' ELSE 'false' END FROM usuarios");
    assertThat(LAKE.get("ms1").get("usuarios")).allSatisfy(row -> assertThat(String.valueOf(row.get("activo")))
        .isEqualTo(usuarios.get(((BigDecimal) row.get("id")).longValue()).get(0)));
  }

  @Test
  void postgresNumericsTimestamptzAndSpecialDoublesAreExact() throws Exception {
    Map<Object, List<Object>> pagos = sqlRows(LocalStack.POSTGRES.jdbcUrl("ms2"),
        "SELECT id, importe, CASE WHEN tasa_cambio IS NULL THEN NULL"
            + " WHEN tasa_cambio = 'Infinity' THEN 'Infinity' WHEN tasa_cambio = '-Infinity' THEN '-Infinity'"
            + " WHEN tasa_cambio = 'NaN' THEN 'NaN' ELSE tasa_cambio::text END,"
            + " to_char(pagado_en AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM pagos");
    assertThat(LAKE.get("ms2").get("pagos")).allSatisfy(row -> {
      List<Object> expected = pagos.get(((BigDecimal) row.get("id")).longValue());
      assertThat((BigDecimal) row.get("importe")).isEqualTo(expected.get(0));
      Object rate = row.get("tasa_cambio");
      if (expected.get(1) == null || ((String) expected.get(1)).matches("-?Infinity|NaN")) {
        assertThat(rate).isEqualTo(expected.get(1));
      } else {
        assertThat(((BigDecimal) rate).doubleValue()).isEqualTo(Double.parseDouble((String) expected.get(1)));
      }
      assertThat(row.get("pagado_en")).isEqualTo(expected.get(2));
    });
    Map<Long, Map<String, Object>> byId = new LinkedHashMap<>();
    LAKE.get("ms2").get("pagos").forEach(row -> byId.put(((BigDecimal) row.get("id")).longValue(), row));
    assertThat(byId.get(100L).get("tasa_cambio")).isEqualTo("Infinity");
    assertThat(byId.get(200L).get("tasa_cambio")).isEqualTo("-Infinity");
    assertThat(byId.get(300L).get("tasa_cambio")).isEqualTo("NaN");

    Map<Long, Map<String, Object>> clientes = new LinkedHashMap<>();
    LAKE.get("ms2").get("clientes").forEach(row -> clientes.put(((BigDecimal) row.get("id")).longValue(), row));
    // numeric NaN and Infinity have no decimal form: null, as docs/lake-format.md says; 29 digits stay exact.
    assertThat(clientes.get(7L).get("puntuacion_riesgo")).isNull();
    assertThat(clientes.get(77L).get("puntuacion_riesgo")).isNull();
    assertThat((BigDecimal) clientes.get(200L).get("puntuacion_riesgo"))
        .isEqualByComparingTo(new BigDecimal("12345678901234567890.123456789"));
  }

  /**
   * The catalog side: all nine tables answer in Trino with the types the source schema gives, the
   * source's row counts, and aggregates (a join across ms1, a GROUP BY on a date function) equal to the
   * same computation run by MariaDB on the source itself.
   */
  @Test
  void theNineTablesAnswerInTrinoWithSourceTypesCountsAndAggregates() throws Exception {
    for (Map.Entry<String, List<String>> source : TABLES.entrySet()) {
      for (String table : source.getValue()) {
        long count = ((Number) trino("SELECT count(*) FROM hive." + schema + "." + source.getKey() + "_" + table)
            .getFirst().getFirst()).longValue();
        assertThat(count).as(source.getKey() + "_" + table).isEqualTo(LAKE.get(source.getKey()).get(table).size());
      }
    }
    Map<String, Map<String, String>> expectedTypes = Map.of(
        "ms1_pedidos", Map.of("id", "bigint", "total", "decimal(12,2)", "cantidad", "integer",
            "creado_en", "timestamp(6) with time zone", "fecha_pedido", "timestamp(6)", "fecha_entrega", "date",
            "estado", "varchar"),
        "ms1_usuarios", Map.of("activo", "boolean"),
        "ms1_productos", Map.of("precio", "decimal(12,2)", "valoracion", "double", "stock", "bigint"),
        "ms2_pagos", Map.of("importe", "decimal(12,2)", "tasa_cambio", "double", "pagado_en", "timestamp(6) with time zone",
            "registrado_en", "timestamp(6)"),
        "ms2_clientes", Map.of("puntuacion_riesgo", "decimal(38,9)", "activo", "boolean"),
        "ms3_eventos", Map.of("_id", "varchar"));
    for (Map.Entry<String, Map<String, String>> table : expectedTypes.entrySet()) {
      Map<String, String> described = new HashMap<>();
      trino("DESCRIBE hive." + schema + "." + table.getKey())
          .forEach(row -> described.put((String) row.get(0), (String) row.get(1)));
      assertThat(described).as(table.getKey()).containsAllEntriesOf(table.getValue());
    }

    String ms1 = LocalStack.MARIADB.jdbcUrl("ms1");
    Map<Object, List<Object>> revenueByCategory = new HashMap<>();
    for (List<Object> row : trino("SELECT pr.categoria, sum(pe.total) FROM hive." + schema + ".ms1_pedidos pe"
        + " JOIN hive." + schema + ".ms1_productos pr ON pe.producto_id = pr.id"
        + " JOIN hive." + schema + ".ms1_usuarios u ON pe.usuario_id = u.id"
        + " WHERE u.activo GROUP BY pr.categoria")) {
      revenueByCategory.put(row.get(0), List.of(row.get(1)));
    }
    Map<Object, List<Object>> revenueInSource = sqlRowsByText(ms1, "SELECT pr.categoria, sum(pe.total) FROM pedidos pe"
        + " JOIN productos pr ON pe.producto_id = pr.id JOIN usuarios u ON pe.usuario_id = u.id"
        + " WHERE u.activo <> 0 GROUP BY pr.categoria");
    assertThat(revenueByCategory).hasSize(8).isEqualTo(revenueInSource);

    Map<Object, List<Object>> ordersByMonth = new HashMap<>();
    for (List<Object> row : trino("SELECT date_format(fecha_pedido, '%Y-%m'), count(*), sum(cantidad)"
        + " FROM hive." + schema + ".ms1_pedidos GROUP BY 1")) {
      ordersByMonth.put(row.get(0), List.of(BigDecimal.valueOf(((Number) row.get(1)).longValue()),
          BigDecimal.valueOf(((Number) row.get(2)).longValue())));
    }
    Map<Object, List<Object>> ordersByMonthInSource = sqlRowsByText(ms1,
        "SELECT DATE_FORMAT(fecha_pedido, '%Y-%m'), count(*), sum(cantidad) FROM pedidos GROUP BY 1");
    assertThat(ordersByMonth).hasSizeGreaterThan(1).isEqualTo(ordersByMonthInSource);
  }

  /** The generic jdbc source over the demo PostgreSQL database writes the same lines as the native one. */
  @Test
  void theJdbcSourceReadsTheDemoPostgresDatabaseLikeTheNativeSource() {
    Source jdbc = SourceTesting.source(vertx, SourceTesting.config("ms2", new JsonObject().put("kind", "jdbc")
        .put("url", LocalStack.POSTGRES.jdbcUrl("ms2")).put("user", LocalStack.POSTGRES.user()), 500, 256), "ms2");
    Source pg = SourceTesting.source(vertx, SourceTesting.config("ms2", new JsonObject().put("kind", "postgresql")
        .put("host", LocalStack.POSTGRES.host()).put("port", LocalStack.POSTGRES.port()).put("database", "ms2")
        .put("user", LocalStack.POSTGRES.user()), 500, 256), "ms2");
    try {
      for (String table : TABLES.get("ms2")) {
        List<String> viaJdbc = SourceTesting.rawLines(SourceTesting.readAll(SourceTesting.await(
            jdbc.open(SourceTesting.await(jdbc.discover(List.of(table))).getFirst(), "id", null))));
        List<String> viaPg = SourceTesting.rawLines(SourceTesting.readAll(SourceTesting.await(
            pg.open(SourceTesting.await(pg.discover(List.of(table))).getFirst(), "id", null))));
        assertThat(viaJdbc).as("ms2." + table).hasSize(LAKE.get("ms2").get(table).size()).isEqualTo(viaPg);
      }
    } finally {
      SourceTesting.await(jdbc.close());
      SourceTesting.await(pg.close());
    }
  }

  @Test
  void mongoObjectIdsBecomeTheirHexText() {
    assertThat(LAKE.get("ms3").get("eventos")).allSatisfy(row ->
        assertThat((String) row.get("_id")).matches("[0-9a-f]{24}"));
  }

  private static List<List<Object>> trino(String statement) throws Exception {
    Future<List<List<Object>>> rows = Future.future(p -> vertx.runOnContext(v -> sql.run(statement).onComplete(p)));
    return rows.toCompletionStage().toCompletableFuture().get(3, TimeUnit.MINUTES);
  }

  /** Rows keyed by the first column's text, the other columns as exact decimals (for comparing aggregates). */
  private static Map<Object, List<Object>> sqlRowsByText(String url, String sql) throws Exception {
    Map<Object, List<Object>> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user(url), ""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
          values.add(rs.getBigDecimal(i));
        }
        rows.put(rs.getString(1), values);
      }
    }
    return rows;
  }

  private static List<Object> ids(List<Map<String, Object>> rows, String key) {
    return rows.stream().map(r -> r.get(key)).distinct().toList();
  }

  private static long sqlCount(String url, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user(url), ""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * id → the other columns as the driver gives them (decimals as exact BigDecimal). MariaDB formats a
   * TIMESTAMP in the session's zone, so the session is pinned to UTC, the lake's zone.
   */
  private static Map<Object, List<Object>> sqlRows(String url, String sql) throws Exception {
    Map<Object, List<Object>> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user(url), ""); Statement s = c.createStatement()) {
      if (url.startsWith("jdbc:mariadb")) {
        s.execute("SET time_zone = '+00:00'");
      }
      try (ResultSet rs = s.executeQuery(sql)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> values = new ArrayList<>();
          for (int i = 2; i <= columns; i++) {
            values.add(rs.getObject(i));
          }
          rows.put(rs.getLong(1), values);
        }
      }
    }
    return rows;
  }

  private static String user(String url) {
    return url.startsWith("jdbc:postgresql") ? LocalStack.POSTGRES.user() : LocalStack.MARIADB.user();
  }
}
