package io.lakeport.catalog;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.config.LakeportConfig.EngineKind;
import io.lakeport.run.RunMode;
import io.lakeport.store.LakeLayout;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryServiceSettings;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.trino.TrinoEngine;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EngineCatalog} with the Trino dialect against the real local stack: Trino 476 (Hive connector, file
 * metastore, {@code hive.timestamp-precision=MICROSECONDS}, {@code hive.allow-register-partition-procedure=true})
 * and S3Proxy. JSON Lines objects are written by hand in the lake's value format (docs/lake-format.md) into a
 * scratch bucket, published, and read back through the engine. Everything lives in a scratch bucket and a
 * schema of unique names, dropped at the end.
 *
 * <p>The stack is {@code scripts/local-stack}'s ({@link LocalStackExtension} starts it when it is down).
 */
@ExtendWith({LocalStackExtension.class, VertxExtension.class})
class EngineCatalogTrinoIT {

  private static final String SCHEMA = LocalStack.uniqueSqlName("catalog_it");
  private static final String D1 = "2026-11-25";
  private static final String D2 = "2026-11-26";
  private static final String D3 = "2026-11-27";

  private static S3AsyncClient s3;
  private static ScratchBucket bucket;
  private static String bucketName;
  private static EngineQueryService service;
  private static Statements sql;
  private static EngineCatalog catalog;

  @BeforeAll
  static void setUp(Vertx vertx) {
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "catalog-it");
    bucketName = bucket.name();
    EngineConfig config = new EngineConfig(EngineKind.TRINO, LocalStack.TRINO_URI, "lakeport-it", "lakeport-it", LocalStack.TRINO_CATALOG,
        SCHEMA, "us-east-1", null, "primary", null, 4, 100, 120, 0, EngineConfig.DEFAULT_CACHE_MAX_ROWS,
        EngineConfig.DEFAULT_CACHE_MAX_ENTRIES, EngineConfig.DEFAULT_ABANDON_AFTER_SECONDS,
        EngineConfig.DEFAULT_MAX_UNREACHABLE_POLLS, EngineConfig.DEFAULT_RESULT_SPOOL_MAX_ROWS);
    service = new EngineQueryService(vertx, new TrinoEngine(vertx, TrinoEngine.Settings.of(config)),
        QueryServiceSettings.of(config));
    catalog = (EngineCatalog) Catalogs.create(config, service);
    // The same runner as the catalog's, to look at what it published.
    sql = new ServiceStatements(service, Duration.ofSeconds(config.queryTimeoutSeconds()));
  }

  /** On the test thread: drops what the tests created in Trino, then the bucket. */
  @AfterAll
  static void tearDown() throws Exception {
    Future<Void> dropped = sql.run("SELECT table_name, table_type FROM hive.information_schema.tables WHERE table_schema = '"
            + SCHEMA + "'")
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (List<Object> row : rows) {
            String kind = "VIEW".equals(row.get(1)) ? "VIEW" : "TABLE";
            chain = chain.compose(v -> run("DROP " + kind + " IF EXISTS hive." + SCHEMA + ".\"" + row.get(0) + "\""));
          }
          return chain;
        })
        .compose(v -> run("DROP SCHEMA IF EXISTS hive." + SCHEMA))
        .eventually(() -> service.close());
    try {
      dropped.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } finally {
      bucket.close();
      s3.close();
    }
  }

  @Test
  void everyTypeReadsBackExactly(VertxTestContext context) {
    CommittedTable table = committed("tipos", List.of(
        column("id", "bigint"),
        column("entero", "integer"),
        column("importe", "decimal(12,2)"),
        column("grande", "decimal(38,9)"),
        column("ratio", "double"),
        column("activo", "boolean"),
        column("nacimiento", "date"),
        column("creado", "timestamp"),
        column("huella", "varbinary"),
        column("prefs", "json"),
        column("etiquetas", "array(varchar)"),
        column("direccion", "row(calle varchar, numero integer, geo row(lat double, lon double))"),
        column("lineas", "array(row(sku varchar, precio decimal(10,2)))")),
        "s1", List.of(D1), RunMode.FULL);
    // Two objects, one gzip-compressed: the engines pick the codec by extension.
    String plain = """
        {"id":1,"entero":-2147483648,"importe":0.01,"grande":12345678901234567890.123456789,"ratio":1.5,"activo":true,"nacimiento":"2024-02-29","creado":"2024-02-29 13:45:59.123456","huella":"AAEC/w==","prefs":{"tema":"oscuro","n":[1,2.50,null],"c":{"z":true}},"etiquetas":["vip",null,"zona norte, sector 2"],"direccion":{"calle":"Gran Vía","numero":7,"geo":{"lat":40.4168,"lon":-3.7038}},"lineas":[{"sku":"A-1","precio":9999999.99},{"sku":"B-2","precio":0.50}]}
        {"id":2,"entero":2147483647,"importe":9999999999.99,"grande":-0.000000001,"ratio":"NaN","activo":false,"nacimiento":"1950-01-01","creado":"1969-12-31 23:59:59.999999","huella":"","prefs":[1,"dos",{"tres":3}],"etiquetas":[],"direccion":null,"lineas":[]}
        """;
    String gzipped = """
        {"id":3,"entero":null,"importe":null,"grande":null,"ratio":"Infinity","activo":null,"nacimiento":null,"creado":"2026-11-27 00:00:00.000000","huella":null,"prefs":"texto","etiquetas":["campaña 🎄","línea\\n\\"dos\\" \\\\ fin"],"direccion":{"calle":"L'Hospitalet","numero":null,"geo":null},"lineas":null}
        {"id":4,"ratio":"-Infinity","prefs":12.50,"creado":"2000-01-01 12:00:00.000001"}
        """;
    String view = view(table);
    put(table, "s1", D1, 1, plain, false)
        .compose(v -> put(table, "s1", D1, 2, gzipped, true))
        .compose(v -> catalog.publish(table))
        .compose(v -> sql.run("DESCRIBE " + view))
        .compose(described -> {
          context.verify(() -> assertThat(described.stream().map(row -> row.get(0) + " " + row.get(1)).toList())
              .containsExactly(
                  "id bigint", "entero integer", "importe decimal(12,2)", "grande decimal(38,9)", "ratio double",
                  "activo boolean", "nacimiento date", "creado timestamp(6)", "huella varbinary", "prefs varchar",
                  "etiquetas array(varchar)",
                  "direccion row(calle varchar, numero integer, geo row(lat double, lon double))",
                  "lineas array(row(sku varchar, precio decimal(10,2)))", "dt varchar"));
          // As text (doubles aside: Trino writes them in scientific notation), so that the assertion is about
          // what Trino read, not about how a client maps it.
          return sql.run("SELECT CAST(id AS varchar), CAST(entero AS varchar), CAST(importe AS varchar),"
              + " CAST(grande AS varchar), ratio, CAST(is_nan(ratio) AS varchar),"
              + " CAST(ratio = infinity() AS varchar), CAST(ratio = -infinity() AS varchar),"
              + " CAST(activo AS varchar), CAST(nacimiento AS varchar), CAST(creado AS varchar), to_hex(huella), prefs,"
              + " array_join(etiquetas, '|', '(null)'), direccion.calle, CAST(direccion.numero AS varchar),"
              + " direccion.geo.lat, direccion.geo.lon,"
              + " json_format(CAST(lineas AS json)), dt FROM " + view + " ORDER BY id");
        })
        .compose(rows -> {
          context.verify(() -> assertThat(rows).containsExactly(
              Arrays.asList("1", "-2147483648", "0.01", "12345678901234567890.123456789", 1.5, "false", "false", "false",
                  "true", "2024-02-29", "2024-02-29 13:45:59.123456", "000102FF",
                  "{\"tema\":\"oscuro\",\"n\":[1,2.50,null],\"c\":{\"z\":true}}",
                  "vip|(null)|zona norte, sector 2", "Gran Vía", "7", 40.4168, -3.7038,
                  "[{\"sku\":\"A-1\",\"precio\":9999999.99},{\"sku\":\"B-2\",\"precio\":0.50}]", D1),
              Arrays.asList("2", "2147483647", "9999999999.99", "-0.000000001", Double.NaN, "true", "false", "false",
                  "false", "1950-01-01", "1969-12-31 23:59:59.999999", "",
                  "[1,\"dos\",{\"tres\":3}]", "", null, null, null, null, "[]", D1),
              // A JSON string in a json column reads as the bare string (docs/catalog.md, Types).
              Arrays.asList("3", null, null, null, Double.POSITIVE_INFINITY, "false", "true", "false",
                  null, null, "2026-11-27 00:00:00.000000", null, "texto",
                  "campaña 🎄|línea\n\"dos\" \\ fin", "L'Hospitalet", null, null, null, null, D1),
              Arrays.asList("4", null, null, null, Double.NEGATIVE_INFINITY, "false", "false", "true",
                  null, null, "2000-01-01 12:00:00.000001", null, "12.50", null, null, null, null, null, null, D1)));
          // And the values the engine adapter hands out: exact decimals, microsecond timestamps.
          return sql.run("SELECT importe, grande, creado, ratio FROM " + view + " WHERE id IN (1, 2) ORDER BY id");
        })
        .onComplete(context.succeeding(rows -> context.verify(() -> {
          assertThat(rows.get(0).get(0)).isEqualTo(new BigDecimal("0.01"));
          assertThat(rows.get(0).get(1)).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
          assertThat(rows.get(0).get(2)).isEqualTo("2024-02-29 13:45:59.123456");
          assertThat(rows.get(1).get(2)).isEqualTo("1969-12-31 23:59:59.999999");
          assertThat((Double) rows.get(1).get(3)).isNaN();
          context.completeNow();
        })));
  }

  /** The DDL of the golden files (same dialect, same schemas), accepted by Trino with the declared types. */
  @Test
  void theNineDemoTablesPublishWithTheirTypes(VertxTestContext context) {
    TrinoHiveDialect trino = (TrinoHiveDialect) catalog.dialect();
    Future<Void> all = Future.succeededFuture();
    for (CommittedTable demo : DemoSchemas.firstFullRuns().values()) {
      CommittedTable table = new CommittedTable(bucketName, "it_" + demo.engineTable(), demo.schema(), demo.snapshotId(),
          demo.days(), RunMode.FULL, false, demo.zonedColumns(), null);
      List<String> expected = new ArrayList<>();
      // Instants answer with their zone (the view's with_timezone), the other columns with their physical type.
      demo.schema().columns().forEach(c -> expected.add(c.lakeName() + " " + (demo.zonedColumns().contains(c.lakeName())
          ? "timestamp(6) with time zone" : trino.columnType(c.type()).replace("\"", ""))));
      expected.add("dt varchar");
      all = all.compose(v -> catalog.publish(table))
          .compose(v -> sql.run("DESCRIBE " + view(table)))
          .map(described -> {
            context.verify(() -> assertThat(described.stream().map(row -> row.get(0) + " " + row.get(1)).toList())
                .as(table.engineTable()).isEqualTo(expected));
            return null;
          });
    }
    all.onComplete(context.succeedingThenComplete());
  }

  @Test
  void aFullRunSwitchesReadersAtomically(Vertx vertx, VertxTestContext context) {
    List<Column> columns = List.of(column("id", "bigint"), column("v", "varchar"));
    CommittedTable first = committed("cambio", columns, "s1", List.of(D1), RunMode.FULL);
    CommittedTable second = committed("cambio", columns, "s2", List.of(D2, D3), RunMode.FULL);
    String view = view(first);
    String physical = "hive." + SCHEMA + "." + TableDefinition.of(first).physical();
    List<Long> atTheSwitch = new CopyOnWriteArrayList<>();
    // The same engine, with a look at both tables just before the view is replaced.
    EngineCatalog watched = new EngineCatalog(catalog.dialect(), statement -> statement.startsWith("CREATE OR REPLACE VIEW")
        ? count(view).compose(inView -> count(physical).compose(inTable -> {
            atTheSwitch.add(inView);
            atTheSwitch.add(inTable);
            return sql.run(statement);
          }))
        : sql.run(statement));
    List<Long> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean published = new AtomicBoolean();

    put(first, "s1", D1, 1, rows(1, 3), false)
        .compose(v -> catalog.publish(first))
        .compose(v -> count(view))
        .compose(before -> {
          context.verify(() -> assertThat(before).isEqualTo(3));
          return put(second, "s2", D2, 1, rows(101, 2), false);
        })
        .compose(v -> put(second, "s2", D3, 1, rows(201, 3), true))
        .compose(v -> {
          // Readers keep querying while the second run is published.
          Future<Void> readers = countUntil(view, published, seen);
          Future<Void> publish = watched.publish(second).onComplete(done -> published.set(true));
          return Future.all(readers, publish);
        })
        .compose(v -> count(view))
        .onComplete(context.succeeding(after -> context.verify(() -> {
          // Just before the switch the new partitions are all registered, and readers still see only the old.
          System.out.println("counts seen during the switch: " + seen + "; at the switch (view, physical): " + atTheSwitch);
          assertThat(atTheSwitch).containsExactly(3L, 8L);
          assertThat(after).isEqualTo(5);
          assertThat(seen).allSatisfy(count -> assertThat(count).isIn(3L, 5L));
          // The last count was issued after the publish had completed.
          assertThat(seen.getLast()).isEqualTo(5);
          context.completeNow();
        })));
  }

  @Test
  void incrementalRunsAddPartitionsToTheCurrentSnapshot(VertxTestContext context) {
    List<Column> columns = List.of(column("id", "bigint"), column("v", "varchar"));
    CommittedTable full = committed("incremental", columns, "s1", List.of(D1), RunMode.FULL);
    CommittedTable nextDay = committed("incremental", columns, "s1", List.of(D2), RunMode.INCREMENTAL);
    String view = view(full);
    put(full, "s1", D1, 1, rows(1, 3), false)
        .compose(v -> catalog.publish(full))
        .compose(v -> put(nextDay, "s1", D2, 1, rows(4, 2), false))
        .compose(v -> catalog.publish(nextDay))
        .compose(v -> sql.run("SELECT dt, count(*) FROM " + view + " GROUP BY dt ORDER BY dt"))
        .compose(perDay -> {
          context.verify(() -> assertThat(perDay).containsExactly(List.of(D1, 3L), List.of(D2, 2L)));
          // A second incremental run on the same day: its partition exists, its new object is read by listing.
          return put(nextDay, "s1", D2, 2, rows(6, 1), false);
        })
        .compose(v -> catalog.publish(nextDay))
        .compose(v -> count(view))
        .compose(total -> {
          context.verify(() -> assertThat(total).isEqualTo(6));
          return sql.run("SELECT snapshot, dt FROM \"hive\".\"" + SCHEMA + "\".\"" + TableDefinition.of(full).physical()
              + "$partitions\" ORDER BY dt");
        })
        .onComplete(context.succeeding(partitions -> context.verify(() -> {
          assertThat(partitions).containsExactly(List.of("s1", D1), List.of("s1", D2));
          context.completeNow();
        })));
  }

  @Test
  void publishingTheSameCommitAgainChangesNothing(VertxTestContext context) {
    CommittedTable table = committed("idempotente", List.of(column("id", "bigint"), column("v", "varchar")),
        "s1", List.of(D1), RunMode.FULL);
    String view = view(table);
    String definition = "SELECT view_definition FROM hive.information_schema.views WHERE table_schema = '" + SCHEMA
        + "' AND table_name = 'it_idempotente'";
    List<Object> before = new ArrayList<>();
    put(table, "s1", D1, 1, rows(1, 3), false)
        .compose(v -> catalog.publish(table))
        .compose(v -> sql.run(definition))
        .compose(rows -> {
          before.addAll(rows);
          return catalog.publish(table);
        })
        .compose(v -> catalog.publish(table))
        .compose(v -> Future.all(count(view), sql.run(definition), physicalTables("it_idempotente"),
            sql.run("SELECT count(*) FROM \"hive\".\"" + SCHEMA + "\".\"" + TableDefinition.of(table).physical() + "$partitions\"")))
        .onComplete(context.succeeding(all -> context.verify(() -> {
          assertThat((Long) all.resultAt(0)).isEqualTo(3);
          assertThat(all.<List<Object>>resultAt(1)).isEqualTo(before);
          assertThat(all.<List<Object>>resultAt(2)).containsExactly(TableDefinition.of(table).physical());
          assertThat(all.<List<Object>>resultAt(3)).isEqualTo(List.of(List.of(1L)));
          context.completeNow();
        })));
  }

  @Test
  void aChangedSchemaMovesTheViewToANewPhysicalTable(VertxTestContext context) {
    CommittedTable v1 = committed("esquema", List.of(column("id", "bigint"), column("nombre", "varchar")),
        "s1", List.of(D1), RunMode.FULL);
    CommittedTable v2 = committed("esquema", List.of(column("id", "bigint"), column("nombre", "varchar"),
        column("email", "varchar")), "s2", List.of(D2), RunMode.FULL);
    CommittedTable v3 = committed("esquema", List.of(column("id", "bigint"), column("nombre", "varchar"),
        column("email", "varchar"), column("edad", "integer")), "s2", List.of(D3), RunMode.INCREMENTAL);
    String view = view(v1);
    put(v1, "s1", D1, 1, "{\"id\":1,\"nombre\":\"Ana\"}\n{\"id\":2,\"nombre\":\"Íñigo\"}\n", false)
        .compose(v -> catalog.publish(v1))
        .compose(v -> put(v2, "s2", D2, 1,
            "{\"id\":1,\"nombre\":\"Ana\",\"email\":\"ana@ejemplo.es\"}\n{\"id\":2,\"nombre\":\"Íñigo\",\"email\":null}\n"
                + "{\"id\":3,\"nombre\":\"Zoë\",\"email\":\"zoe@correo.mx\"}\n", false))
        .compose(v -> catalog.publish(v2))
        .compose(v -> Future.all(sql.run("SELECT id, email FROM " + view + " ORDER BY id"), physicalTables("it_esquema")))
        .compose(all -> {
          context.verify(() -> {
            assertThat(all.<List<Object>>resultAt(0)).containsExactly(List.of(1L, "ana@ejemplo.es"),
                Arrays.asList(2L, null), List.of(3L, "zoe@correo.mx"));
            // The first schema's table is gone (its data is not: it is external).
            assertThat(all.<List<Object>>resultAt(1)).containsExactly(TableDefinition.of(v2).physical());
          });
          return put(v3, "s2", D3, 1, "{\"id\":4,\"nombre\":\"Óscar\",\"email\":null,\"edad\":41}\n", false);
        })
        // An incremental run with a new column: the snapshot's earlier day moves to the new table with it.
        .compose(v -> catalog.publish(v3))
        .compose(v -> Future.all(sql.run("SELECT id, edad, dt FROM " + view + " ORDER BY id"), physicalTables("it_esquema"),
            sql.run("DESCRIBE " + view)))
        .onComplete(context.succeeding(all -> context.verify(() -> {
          assertThat(all.<List<Object>>resultAt(0)).containsExactly(Arrays.asList(1L, null, D2), Arrays.asList(2L, null, D2),
              Arrays.asList(3L, null, D2), List.of(4L, 41L, D3));
          assertThat(all.<List<Object>>resultAt(1)).containsExactly(TableDefinition.of(v3).physical());
          List<List<Object>> described = all.resultAt(2);
          assertThat(described.stream().map(row -> row.get(0)).toList()).containsExactly("id", "nombre", "email", "edad", "dt");
          context.completeNow();
        })));
  }

  @Test
  void tablesListsTheViewsAndNotThePhysicalTables(VertxTestContext context) {
    CommittedTable table = committed("lista", List.of(column("id", "bigint"), column("precio", "decimal(12,2)"),
        column("creado", "timestamp")), "s9", List.of(D1), RunMode.FULL);
    put(table, "s9", D1, 1, "{\"id\":1,\"precio\":1.00,\"creado\":\"2026-11-25 10:00:00.000000\"}\n", false)
        .compose(v -> catalog.publish(table))
        .compose(v -> catalog.tables())
        .onComplete(context.succeeding(tables -> context.verify(() -> {
          assertThat(tables).noneMatch(t -> t.name().contains("__data_"));
          CatalogTable listed = tables.stream().filter(t -> t.name().equals("it_lista")).findFirst().orElseThrow();
          assertThat(listed.columns()).containsExactly(new ResultColumn("id", "bigint"),
              new ResultColumn("precio", "decimal(12,2)"), new ResultColumn("creado", "timestamp(6)"),
              new ResultColumn("dt", "varchar"));
          assertThat(listed.location()).isEqualTo("s3://" + bucketName + "/lista/snapshot=s9/");
          context.completeNow();
        })));
  }

  @Test
  void badInputAndEngineFailuresFailThePublishWithTheReason(VertxTestContext context) {
    CommittedTable badName = new CommittedTable(bucketName, "It-Mal", new TableSchema("it", "mal",
        List.of(column("id", "bigint")), List.of(), List.of()), "s1", List.of(D1), RunMode.FULL, false);
    // Valid input that the engine refuses: a bucket that does not exist, ...
    CommittedTable noBucket = new CommittedTable(LocalStack.uniqueName("missing"), "it_sin_bucket", new TableSchema("it",
        "sin_bucket", List.of(column("id", "bigint")), List.of(), List.of()), "s1", List.of(D1), RunMode.FULL, false);
    // ... and a table of someone else's where the view should go.
    CommittedTable blocked = committed("ocupado", List.of(column("id", "bigint")), "s1", List.of(D1), RunMode.FULL);
    catalog.publish(badName)
        .transform(result -> {
          context.verify(() -> assertThat(result.cause()).isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("engine table name 'It-Mal' is not usable"));
          return catalog.publish(noBucket);
        })
        .transform(result -> {
          context.verify(() -> assertThat(result.cause()).isInstanceOf(CatalogException.class)
              .hasMessageContaining("publishing it_sin_bucket (snapshot s1, FULL) in trino failed")
              .hasMessageContaining("CREATE TABLE IF NOT EXISTS")
              .hasMessageContaining("External location is not a valid file system URI"));
          return run("CREATE TABLE hive." + SCHEMA + ".it_ocupado (x bigint) WITH (format = 'OPENX_JSON',"
              + " external_location = 's3://" + bucketName + "/otra/')");
        })
        .compose(v -> catalog.publish(blocked))
        .onComplete(context.failing(e -> context.verify(() -> {
          assertThat(e).isInstanceOf(CatalogException.class)
              .hasMessageContaining("publishing it_ocupado (snapshot s1, FULL) in trino failed")
              .hasMessageContaining("CREATE OR REPLACE VIEW")
              .hasMessageContaining("already exists");
          context.completeNow();
        })));
  }

  // ---------------------------------------------------------------------------------------------------------

  private static Future<Void> run(String statement) {
    return sql.run(statement).mapEmpty();
  }

  private static Future<Long> count(String table) {
    return sql.run("SELECT count(*) FROM " + table).map(rows -> (Long) rows.getFirst().getFirst());
  }

  /** Counts again and again until {@code stop} is set, then once more. */
  private static Future<Void> countUntil(String view, AtomicBoolean stop, List<Long> seen) {
    boolean last = stop.get();
    return count(view).compose(n -> {
      seen.add(n);
      return last ? Future.succeededFuture() : countUntil(view, stop, seen);
    });
  }

  private static Future<List<String>> physicalTables(String view) {
    return sql.run("SELECT table_name FROM hive.information_schema.tables WHERE table_schema = '" + SCHEMA
            + "' AND table_type = 'BASE TABLE' AND table_name LIKE '" + view.replace("_", "\\_") + "\\_\\_data\\_%' ESCAPE '\\'")
        .map(rows -> rows.stream().map(row -> (String) row.getFirst()).sorted().toList());
  }

  private static String view(CommittedTable table) {
    return "hive." + SCHEMA + "." + table.engineTable();
  }

  private static CommittedTable committed(String sourceTable, List<Column> columns, String snapshot, List<String> days,
                                          RunMode mode) {
    return new CommittedTable(bucketName, "it_" + sourceTable,
        new TableSchema("it", sourceTable, columns, List.of(), List.of()), snapshot, days, mode, false);
  }

  private static Column column(String name, String type) {
    return new Column(name, name, LakeType.parse(type), true, type);
  }

  private static String rows(int firstId, int count) {
    StringBuilder lines = new StringBuilder();
    for (int id = firstId; id < firstId + count; id++) {
      lines.append("{\"id\":").append(id).append(",\"v\":\"fila ").append(id).append("\"}\n");
    }
    return lines.toString();
  }

  /** Writes one object where the lake writer would put it. */
  private static Future<Void> put(CommittedTable table, String snapshot, String day, int sequence, String jsonl,
                                  boolean gzip) {
    String key = LakeLayout.partitionPrefix(table.schema().table(), snapshot, java.time.LocalDate.parse(day))
        + snapshot + "-" + String.format("%05d", sequence) + (gzip ? ".jsonl.gz" : ".jsonl");
    byte[] bytes = jsonl.getBytes(StandardCharsets.UTF_8);
    return Future.fromCompletionStage(s3.putObject(b -> b.bucket(bucketName).key(key),
        AsyncRequestBody.fromBytes(gzip ? gzip(bytes) : bytes))).mapEmpty();
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
