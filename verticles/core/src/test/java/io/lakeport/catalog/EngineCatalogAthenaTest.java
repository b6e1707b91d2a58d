package io.lakeport.catalog;

import io.lakeport.config.LakeportConfig;
import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.run.RunMode;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryServiceSettings;
import io.lakeport.query.athena.AthenaEngine;
import io.lakeport.query.athena.FakeAthenaServer;
import io.lakeport.query.athena.FakeAthenaServer.FakeError;
import io.lakeport.query.athena.FakeAthenaServer.QueryScript;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EngineCatalog} with the Athena dialect through the real AWS SDK and the Athena adapter, against
 * {@link FakeAthenaServer} (Athena's wire protocol; no Athena is reachable from here). The fake does not run
 * SQL: each statement the catalog sends is scripted, so these tests check what is sent, in which order, and
 * what happens with the answers (listings, a throttled submit, a failed statement). Whether Athena accepts the
 * DDL is not shown here; docs/catalog.md says what is and is not verified.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class EngineCatalogAthenaTest {

  private static final String SCHEMA = "lakeport";
  private static final String WORKGROUP = "lakeport-wg";

  private FakeAthenaServer fake;
  private SdkAsyncHttpClient http;
  private EngineQueryService service;
  private EngineCatalog catalog;
  private final AthenaDialect dialect = new AthenaDialect(SCHEMA);

  @BeforeEach
  void start(Vertx vertx, VertxTestContext context) {
    FakeAthenaServer.start(vertx).onComplete(context.succeeding(started -> {
      fake = started.workgroup(WORKGROUP, true);
      EngineConfig config = LakeportConfig.from(new JsonObject()
          .put("groups", List.of("ingest"))
          .put("sources", new JsonObject().put("ms1", new JsonObject().put("kind", "mysql").put("bucket", "raw-ms1").put("format", "jsonl")
              .put("host", "127.0.0.1").put("database", "ms1").put("user", "root")))
          .put("engine", new JsonObject()
              .put("kind", "athena")
              .put("schema", SCHEMA)
              .put("athena", new JsonObject()
                  .put("region", "eu-west-1")
                  .put("endpoint", fake.endpoint().toString())
                  .put("workgroup", WORKGROUP)
                  .put("outputLocation", "s3://lakeport-athena-results/queries/"))), "test profile").engine();
      http = AthenaEngine.httpClientBuilder(config).build();
      // SDK retries off, so that a throttled call reaches the query service, which repeats it.
      AthenaEngine engine = new AthenaEngine(vertx,
          AthenaEngine.clientBuilder(config, new AthenaEngine.SdkRetries(1, Duration.ofMillis(1), Duration.ofMillis(1),
                  Duration.ofMillis(1)))
              .httpClient(http)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLAKEPORTTEST", "not-a-secret")))
              .build(),
          AthenaEngine.Settings.from(config));
      service = new EngineQueryService(vertx, engine, QueryServiceSettings.of(config));
      catalog = (EngineCatalog) Catalogs.create(config, service);
      context.verify(() -> assertThat(catalog.dialect()).isEqualTo(dialect));
      context.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext context) {
    service.close().compose(v -> fake.close()).onComplete(done -> {
      http.close();
      context.completeNow();
    });
  }

  @Test
  void aFirstFullPublishSendsTheGoldenStatements(VertxTestContext context) throws IOException {
    CommittedTable table = DemoSchemas.firstFullRuns().get("ms1_usuarios");
    TableDefinition definition = TableDefinition.of(table);
    scriptSchemaAndListing(definition)
        .script(dialect.createTable(definition), ddl("CREATE_TABLE"))
        .script(dialect.registerPartitions(definition, table.snapshotId(), table.days()).getFirst(), ddl("ALTER_TABLE_ADD_PARTITION"))
        .script(dialect.createOrReplaceView(definition, table.snapshotId()), ddl("CREATE_VIEW"));
    String golden = golden("athena/ms1_usuarios.sql");
    catalog.publish(table).onComplete(context.succeeding(v -> context.verify(() -> {
      List<String> sent = sentStatements();
      assertThat(sent).hasSize(5);
      assertThat(sent.subList(0, 2)).containsExactly(dialect.createSchema(), dialect.listPhysicalTables(definition));
      assertThat(String.join(";\n\n", sent.subList(2, 5)) + ";\n").isEqualTo(golden);
      context.completeNow();
    })));
  }

  @Test
  void anIncrementalRunWithANewColumnCarriesTheSnapshotsDaysOver(VertxTestContext context) {
    CommittedTable full = DemoSchemas.firstFullRuns().get("ms1_usuarios");
    TableSchema usuarios = full.schema();
    List<Column> columns = new ArrayList<>(usuarios.columns());
    columns.add(new Column("idioma", "idioma", LakeType.Primitive.VARCHAR, true, "varchar(5)"));
    CommittedTable incremental = new CommittedTable(full.bucket(), full.engineTable(),
        new TableSchema(usuarios.source(), usuarios.table(), columns, usuarios.primaryKey(), List.of()),
        full.snapshotId(), List.of("2026-11-28"), RunMode.INCREMENTAL, true);
    TableDefinition definition = TableDefinition.of(incremental);
    String older = "ms1_usuarios__data_0badcafe";
    scriptSchemaAndListing(definition, older)
        .script(dialect.listPartitionDays(older, full.snapshotId()),
            QueryScript.select(List.of(FakeAthenaServer.Column.of("dt", "varchar")), List.of(List.of("2026-11-27"), List.of("2026-11-26"))))
        .script(dialect.createTable(definition), ddl("CREATE_TABLE"))
        .script(dialect.registerPartitions(definition, full.snapshotId(), List.of("2026-11-26", "2026-11-27", "2026-11-28"))
            .getFirst(), ddl("ALTER_TABLE_ADD_PARTITION"))
        .script(dialect.createOrReplaceView(definition, full.snapshotId()), ddl("CREATE_VIEW"))
        .script(dialect.dropTable(older), ddl("DROP_TABLE"));
    catalog.publish(incremental).onComplete(context.succeeding(v -> context.verify(() -> {
      List<String> sent = sentStatements();
      assertThat(sent).hasSize(7);
      assertThat(sent.get(4)).contains("`dt` = '2026-11-26'", "`dt` = '2026-11-27'", "`dt` = '2026-11-28'");
      assertThat(sent.get(5)).startsWith("CREATE OR REPLACE VIEW \"lakeport\".\"ms1_usuarios\" AS\nSELECT\n  \"id\",")
          .contains("\"actualizado_en\",\n  \"idioma\",\n  \"dt\"\nFROM \"lakeport\".\"" + definition.physical() + "\"");
      assertThat(sent.get(6)).isEqualTo("DROP TABLE IF EXISTS `lakeport`.`" + older + "`");
      context.completeNow();
    })));
  }

  @Test
  void aThrottledStatementIsRepeatedAndRunsOnce(VertxTestContext context) {
    CommittedTable table = DemoSchemas.firstFullRuns().get("ms2_pagos");
    TableDefinition definition = TableDefinition.of(table);
    scriptSchemaAndListing(definition, definition.physical())
        .script(dialect.registerPartitions(definition, table.snapshotId(), table.days()).getFirst(), ddl("ALTER_TABLE_ADD_PARTITION"))
        .script(dialect.createOrReplaceView(definition, table.snapshotId()), ddl("CREATE_VIEW"));
    // Athena's concurrent query quota, twice in a row, on the first statement.
    fake.failNext("StartQueryExecution", 2, FakeError.tooManyRequests());
    catalog.publish(table).onComplete(context.succeeding(v -> context.verify(() -> {
      // The physical table exists: no CREATE; three refused submits of the schema statement, one execution.
      assertThat(sentStatements()).containsExactly(dialect.createSchema(), dialect.createSchema(), dialect.createSchema(),
          dialect.listPhysicalTables(definition),
          dialect.registerPartitions(definition, table.snapshotId(), table.days()).getFirst(),
          dialect.createOrReplaceView(definition, table.snapshotId()));
      assertThat(fake.executionCount()).isEqualTo(4);
      context.completeNow();
    })));
  }

  @Test
  void aFailedStatementFailsThePublishWithAthenasReason(VertxTestContext context) {
    CommittedTable table = DemoSchemas.firstFullRuns().get("ms3_logs");
    TableDefinition definition = TableDefinition.of(table);
    scriptSchemaAndListing(definition)
        .script(dialect.createTable(definition), QueryScript.failing(
            "FAILED: ParseException line 1:0 cannot recognize input near 'x'", 2, 1001));
    catalog.publish(table).onComplete(context.failing(e -> context.verify(() -> {
      assertThat(e).isInstanceOf(CatalogException.class)
          .hasMessageContaining("publishing ms3_logs (snapshot ms3-20261127T080000Z-0a1b2c, FULL) in athena failed")
          .hasMessageContaining("'CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms3_logs__data_")
          .hasMessageContaining("ParseException line 1:0");
      // Nothing after the failed statement: no partitions, no view switch.
      assertThat(sentStatements()).hasSize(3);
      context.completeNow();
    })));
  }

  private List<String> sentStatements() {
    return fake.requests("StartQueryExecution").stream().map(body -> body.getString("QueryString")).toList();
  }

  /**
   * Every publish starts by creating the schema and listing the table's physical tables: scripts both, the
   * listing answering {@code physicalTables}.
   */
  private FakeAthenaServer scriptSchemaAndListing(TableDefinition definition, String... physicalTables) {
    return fake.script(dialect.createSchema(), ddl("CREATE_DATABASE"))
        .script(dialect.listPhysicalTables(definition), tableNames(physicalTables));
  }

  private static QueryScript ddl(String substatementType) {
    return new QueryScript(List.of("QUEUED", "RUNNING", "SUCCEEDED"), "DDL", substatementType, List.of(), List.of(),
        null, null, null, 0, null);
  }

  private static QueryScript tableNames(String... names) {
    return QueryScript.select(List.of(FakeAthenaServer.Column.of("table_name", "varchar")),
        java.util.Arrays.stream(names).map(List::of).toList());
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = EngineCatalogAthenaTest.class.getResourceAsStream("/catalog/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
