package io.lakeport.catalog;

import io.lakeport.run.RunMode;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogDialectTest {

  private final TrinoHiveDialect trino = new TrinoHiveDialect("hive", "lakeport");
  private final AthenaDialect athena = new AthenaDialect("lakeport");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "boolean        | boolean         | boolean",
      "integer        | integer         | int",
      "bigint         | bigint          | bigint",
      "double         | double          | double",
      "varchar        | varchar         | string",
      "date           | date            | date",
      "timestamp      | timestamp(6)    | timestamp",
      "varbinary      | varbinary       | string",
      "json           | varchar         | string",
      "decimal(38,18) | decimal(38,18)  | decimal(38,18)",
      "decimal(1,0)   | decimal(1,0)    | decimal(1,0)",
      "array(json)    | array(varchar)  | array<string>",
      "array(array(bigint)) | array(array(bigint)) | array<array<bigint>>",
      "row(a bigint, b array(row(c timestamp, d varbinary))) | row(\"a\" bigint, \"b\" array(row(\"c\" timestamp(6), \"d\" varbinary))) | struct<`a`:bigint,`b`:array<struct<`c`:timestamp,`d`:string>>>",
  })
  void everyLakeTypeHasAColumnTypeInBothDialects(String lakeType, String trinoType, String athenaType) {
    LakeType type = LakeType.parse(lakeType);
    assertThat(trino.columnType(type)).isEqualTo(trinoType);
    assertThat(athena.columnType(type)).isEqualTo(athenaType);
  }

  @Test
  void identifiersAreQuotedPerDialectWhateverTheirScript() {
    CommittedTable table = committed("ms1_t", List.of(column("año", "varchar"), column("date", "date")), "s1", List.of("2026-01-02"));
    TableDefinition definition = TableDefinition.of(table);
    assertThat(trino.createTable(definition)).contains("\"año\" varchar,\n  \"date\" date,");
    assertThat(athena.createTable(definition)).contains("`año` string,\n  `date` date\n)");
    // Athena's views are Trino SQL: double quotes there, backticks only in its DDL.
    assertThat(athena.createOrReplaceView(definition, "s1")).contains("\"año\",\n  \"date\",\n  \"dt\"\nFROM \"lakeport\".");
  }

  @Test
  void anIcebergTableIsAViewWithTheJsonLinesColumnTypesOnTrinoAndRefusedOnAthena() {
    CommittedTable.IcebergTable iceberg = new CommittedTable.IcebergTable("iceberg", "lakeport", "ms1_t",
        "s3://raw-ms1/iceberg/ms1_t", "2026-12-02");
    TableDefinition definition = TableDefinition.of(new CommittedTable("raw-ms1", "ms1_t", new TableSchema("ms1", "t",
        List.of(column("id", "bigint"), column("at", "timestamp"), column("local", "timestamp")), List.of(), List.of()),
        "s1", List.of(), RunMode.FULL, false, List.of("at"), iceberg));
    assertThat(trino.createOrReplaceIcebergView(definition, iceberg)).isEqualTo("""
        CREATE OR REPLACE VIEW "hive"."lakeport"."ms1_t"
        COMMENT '{"location":"s3://raw-ms1/iceberg/ms1_t","primaryKey":[],"jsonColumns":[],"iceberg":{"catalog":"iceberg","namespace":"lakeport","table":"ms1_t","zonedColumns":["at"]}}' AS
        SELECT
          "id",
          "at" AT TIME ZONE 'UTC' AS "at",
          "local",
          CAST('2026-12-02' AS varchar) AS "dt"
        FROM "iceberg"."lakeport"."ms1_t\"""");
    assertThatThrownBy(() -> athena.createOrReplaceIcebergView(definition, iceberg))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Glue");
  }

  @Test
  void aJsonLinesViewAnswersItsZonedTimestampsWithTheirZoneAndTheOthersWithout() {
    TableDefinition definition = TableDefinition.of(new CommittedTable("raw-ms1", "ms1_t", new TableSchema("ms1", "t",
        List.of(column("id", "bigint"), column("at", "timestamp"), column("local", "timestamp")), List.of(), List.of()),
        "s1", List.of("2026-12-02"), RunMode.FULL, false, List.of("at"), null));
    for (CatalogDialect dialect : List.of(trino, athena)) {
      assertThat(dialect.createOrReplaceView(definition, "s1")).as(dialect.getClass().getSimpleName())
          .contains("  \"id\",\n  with_timezone(\"at\", 'UTC') AS \"at\",\n  \"local\",\n  \"dt\"\n");
    }
    // The physical table keeps the text's type: only the view names the zone.
    assertThat(trino.createTable(definition)).contains("\"at\" timestamp(6),");
    assertThatThrownBy(() -> TableDefinition.of(new CommittedTable("raw-ms1", "ms1_t", new TableSchema("ms1", "t",
        List.of(column("id", "bigint")), List.of(), List.of()), "s1", List.of(), RunMode.FULL, false, List.of("id"), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zoned column 'id' of ms1_t is not a timestamp column");
  }

  @Test
  void literalsAreEscapedPerSyntax() {
    assertThat(DialectSql.literal("O'Connor")).isEqualTo("'O''Connor'");
    assertThat(AthenaDialect.hiveLiteral("O'Connor \\ x")).isEqualTo("'O\\'Connor \\\\ x'");
    assertThat(DialectSql.quoted("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(AthenaDialect.ddlName("a`b")).isEqualTo("`a``b`");
    assertThat(DialectSql.likePrefix("ms1_usuarios__data_")).isEqualTo("ms1\\_usuarios\\_\\_data\\_%");
  }

  @Test
  void trinoSyncsByListingAndAthenaAddsAHundredPartitionsPerStatement() {
    List<String> days = IntStream.range(0, 250).mapToObj(i -> java.time.LocalDate.of(2026, 1, 1).plusDays(i).toString()).toList();
    TableDefinition definition = TableDefinition.of(committed("ms1_t", List.of(column("id", "bigint")), "s1", days));
    assertThat(trino.registersByListing()).isTrue();
    assertThat(trino.registerPartitions(definition, "s1", days)).containsExactly(
        "CALL \"hive\".system.sync_partition_metadata(\n  schema_name => 'lakeport',\n  table_name => '"
            + definition.physical() + "',\n  mode => 'ADD')");
    assertThat(athena.registersByListing()).isFalse();
    assertThat(athena.registerPartitions(definition, "s1", List.of())).isEmpty();
    List<String> athenaStatements = athena.registerPartitions(definition, "s1", days);
    assertThat(athenaStatements).hasSize(3);
    assertThat(athenaStatements.get(2).split("\n  PARTITION ")).hasSize(51);
    assertThat(athenaStatements.getFirst()).startsWith("ALTER TABLE `lakeport`.`" + definition.physical() + "` ADD IF NOT EXISTS\n"
        + "  PARTITION (`snapshot` = 's1', `dt` = '2026-01-01') LOCATION 's3://raw-ms1/t/snapshot=s1/dt=2026-01-01/'");
  }

  @Test
  void physicalTableNameFollowsTheSchemaAndLocationOnly() {
    List<Column> columns = List.of(column("id", "bigint"), column("nombre", "varchar"));
    TableDefinition first = TableDefinition.of(committed("ms1_t", columns, "s1", List.of("2026-01-01")));
    TableDefinition sameSchemaOtherRun = TableDefinition.of(committed("ms1_t", columns, "s2", List.of("2026-02-01")));
    List<Column> added = new ArrayList<>(columns);
    added.add(column("email", "varchar"));
    TableDefinition newColumn = TableDefinition.of(committed("ms1_t", added, "s3", List.of()));
    TableDefinition newType = TableDefinition.of(committed("ms1_t",
        List.of(column("id", "bigint"), column("nombre", "json")), "s3", List.of()));

    assertThat(first.physical()).matches("ms1_t__data_[0-9a-f]{8}").isEqualTo(sameSchemaOtherRun.physical());
    assertThat(newColumn.physical()).isNotEqualTo(first.physical()).startsWith(first.physicalPrefix());
    assertThat(newType.physical()).isNotIn(first.physical(), newColumn.physical());
    assertThat(first.location()).isEqualTo("s3://raw-ms1/t/");
  }

  @Test
  void refusesWhatCannotBecomeAnEngineTable() {
    List<Column> ok = List.of(column("id", "bigint"));
    assertThatThrownBy(() -> TableDefinition.of(committed("MS1_T", ok, "s1", List.of())))
        .hasMessageContaining("engine table name 'MS1_T' is not usable");
    assertThatThrownBy(() -> TableDefinition.of(committed("ms1_t__data_x", ok, "s1", List.of())))
        .hasMessageContaining("without '__data_'");
    assertThatThrownBy(() -> TableDefinition.of(committed("ms1_t", List.of(column("dt", "date")), "s1", List.of())))
        .hasMessageContaining("column 'dt' of ms1_t collides with a partition key");
    assertThatThrownBy(() -> TableDefinition.of(committed("ms1_t", List.of(), "s1", List.of())))
        .hasMessageContaining("has no columns");
    assertThatThrownBy(() -> trino.createOrReplaceView(TableDefinition.of(committed("ms1_t", ok, "s1", List.of())), "s1' OR '1'='1"))
        .hasMessageContaining("is not usable as a partition value");
    assertThatThrownBy(() -> TableDefinition.of(committed("ms1_t", ok, "s1", List.of())).partitionLocation("s1", "27/11/2026"))
        .hasMessageContaining("partition day '27/11/2026' is not a yyyy-MM-dd date");
    assertThatThrownBy(() -> new TrinoHiveDialect("hive", "Lake-Port"))
        .hasMessageContaining("engine.schema 'Lake-Port' is not usable");
  }

  /**
   * Athena runs views and queries with its Trino-based engine (DDL goes to Hive's parser, which is not
   * available here): its statements in Trino syntax must parse with Trino's parser. Trino's own statements
   * are run by EngineCatalogTrinoIT.
   */
  @Test
  void athenasQueriesAndViewsAreTrinoSql() {
    io.trino.sql.parser.SqlParser parser = new io.trino.sql.parser.SqlParser();
    for (CommittedTable table : DemoSchemas.firstFullRuns().values()) {
      TableDefinition definition = TableDefinition.of(table);
      for (String sql : List.of(athena.createOrReplaceView(definition, table.snapshotId()), athena.listPhysicalTables(definition),
          athena.listPartitionDays(definition.physical(), table.snapshotId()), athena.listViewColumns())) {
        assertThat(parser.createStatement(sql)).as(sql).isNotNull();
      }
    }
  }

  @Test
  void icebergUpkeepIsTrinosTableProceduresWithTheRetentionAndAthenasOptimizeAndVacuum() {
    IcebergSource table = new IcebergSource("iceberg", "lake_ns", "ms1_orders", List.of());
    assertThat(trino.icebergUpkeep(table, true, 7)).containsExactly(
        "ALTER TABLE \"iceberg\".\"lake_ns\".\"ms1_orders\" EXECUTE optimize",
        "ALTER TABLE \"iceberg\".\"lake_ns\".\"ms1_orders\" EXECUTE expire_snapshots(retention_threshold => '7d')",
        "ALTER TABLE \"iceberg\".\"lake_ns\".\"ms1_orders\" EXECUTE remove_orphan_files(retention_threshold => '7d')");
    assertThat(trino.icebergUpkeep(table, false, 30)).containsExactly(
        "ALTER TABLE \"iceberg\".\"lake_ns\".\"ms1_orders\" EXECUTE expire_snapshots(retention_threshold => '30d')",
        "ALTER TABLE \"iceberg\".\"lake_ns\".\"ms1_orders\" EXECUTE remove_orphan_files(retention_threshold => '30d')");
    io.trino.sql.parser.SqlParser parser = new io.trino.sql.parser.SqlParser();
    for (String sql : trino.icebergUpkeep(table, true, 7)) {
      assertThat(parser.createStatement(sql)).as(sql).isNotNull();
    }
    assertThat(athena.icebergUpkeep(table, true, 7)).containsExactly(
        "OPTIMIZE \"lake_ns\".\"ms1_orders\" REWRITE DATA USING BIN_PACK", "VACUUM \"lake_ns\".\"ms1_orders\"");
    assertThat(athena.icebergUpkeep(table, false, 7)).containsExactly("VACUUM \"lake_ns\".\"ms1_orders\"");
    assertThatThrownBy(() -> trino.icebergUpkeep(table, true, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lake.iceberg.upkeep.retentionDays");
  }

  static Column column(String name, String type) {
    return new Column(name, name, LakeType.parse(type), true, type);
  }

  static CommittedTable committed(String engineTable, List<Column> columns, String snapshot, List<String> days) {
    return new CommittedTable("raw-ms1", engineTable, new TableSchema("ms1", "t", columns, List.of(), List.of()),
        snapshot, days, RunMode.FULL, false);
  }
}
