package io.lakeport.api.impl;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.vertx.core.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What custom SQL may read, resolved from the parsed statement against the catalog's published tables. */
class LakeAccessTest {

  private final AtomicInteger reads = new AtomicInteger();
  private final Catalog catalog = new Catalog() {
    @Override
    public Future<Void> publish(CommittedTable table) {
      return Future.failedFuture("not here");
    }

    @Override
    public Future<List<CatalogTable>> tables() {
      reads.incrementAndGet();
      return Future.succeededFuture(List.of(new CatalogTable("ms1_pedidos", List.of(), null),
          new CatalogTable("ms2_pagos", List.of(), null)));
    }
  };
  private final LakeAccess access = new LakeAccess(new io.lakeport.catalog.CachedCatalog(catalog), "hive", "lakeport");

  private Throwable refusal(String sql) {
    return access.admit(ReadOnlySql.check(sql)).cause();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT * FROM system.runtime.queries | system.runtime.queries",
      "SELECT * FROM system.runtime.nodes | system.runtime.nodes",
      "SHOW CATALOGS | SHOW CATALOGS",
      "SHOW SCHEMAS FROM hive | SHOW SCHEMAS",
      "SHOW TABLES FROM hive.other | hive.other",
      "SHOW CREATE VIEW ms1_pedidos | SHOW CREATE",
      "SHOW SESSION | SHOW SESSION",
      "SELECT * FROM other.ms1_pedidos | hive.other.ms1_pedidos",
      "SELECT * FROM hive.information_schema.tables | hive.information_schema.tables",
      "SELECT * FROM information_schema.columns | hive.information_schema.columns",
      "SELECT * FROM \"__data_ms1_pedidos_0a1b2c3d\" | __data_ms1_pedidos_0a1b2c3d",
      "WITH q AS (SELECT * FROM system.runtime.queries) SELECT * FROM q | system.runtime.queries",
      "WITH ms1_pedidos AS (SELECT * FROM system.runtime.nodes) SELECT * FROM ms1_pedidos | system.runtime.nodes",
      "WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a | b",
      "SELECT * FROM ms1_pedidos WHERE id IN (SELECT 1 FROM system.runtime.nodes) | system.runtime.nodes",
      "SELECT (SELECT count(*) FROM system.runtime.queries) AS n | system.runtime.queries",
      "SELECT * FROM ms1_pedidos p JOIN system.runtime.queries q ON true | system.runtime.queries",
      "SELECT id FROM ms1_pedidos UNION SELECT 1 FROM \"__data_x\" | __data_x",
      "SELECT * FROM \"SYSTEM\".\"RUNTIME\".\"QUERIES\" | system.runtime.queries",
      "SELECT * FROM SyStEm.RunTime.Queries | system.runtime.queries",
      "TABLE system.runtime.nodes | system.runtime.nodes",
      "DESCRIBE system.runtime.queries | system.runtime.queries",
      "SHOW COLUMNS FROM \"__data_x\" | __data_x",
      "SHOW STATS FOR system.runtime.queries | system.runtime.queries",
      "EXPLAIN SELECT * FROM system.runtime.queries | system.runtime.queries",
      "SELECT * FROM mysql.ms1.usuarios | mysql.ms1.usuarios",
      "SELECT * FROM iceberg.lakeport.ms1_pedidos | iceberg.lakeport.ms1_pedidos",
  })
  void refusesWhatIsNotAPublishedLakeTable(String sql, String object) {
    Throwable refused = refusal(sql);
    assertThat(refused).as(sql).isInstanceOf(Problem.class);
    Problem problem = (Problem) refused;
    assertThat(problem.status()).as(sql).isEqualTo(403);
    assertThat(problem.type()).isEqualTo("urn:lakeport:problem:forbidden-object");
    assertThat(problem.extensions().get("object").toString()).as(sql).contains(object);
  }

  @Test
  void tableFunctionsAre403Too() {
    Problem problem = org.assertj.core.api.Assertions.catchThrowableOfType(Problem.class,
        () -> ReadOnlySql.check("SELECT * FROM TABLE(system.query(query => 'SELECT * FROM system.runtime.queries'))"));
    assertThat(problem.status()).isEqualTo(403);
    assertThat(problem.extensions().get("object")).isEqualTo("system.query");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT count(*) FROM ms1_pedidos",
      "SELECT * FROM \"MS1_PEDIDOS\"",
      "SELECT * FROM Lakeport.Ms1_Pedidos",
      "SELECT * FROM hive.lakeport.ms1_pedidos p JOIN ms2_pagos g ON p.id = g.id",
      "WITH q AS (SELECT * FROM ms1_pedidos), r AS (SELECT * FROM q) SELECT * FROM r",
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n",
      "SELECT id FROM ms1_pedidos UNION SELECT id FROM ms2_pagos",
      "TABLE ms2_pagos",
      "DESCRIBE ms2_pagos",
      "EXPLAIN SELECT * FROM ms1_pedidos",
      "SELECT 1",
      "SHOW FUNCTIONS",
  })
  void admitsThePublishedTables(String sql) {
    assertThat(access.admit(ReadOnlySql.check(sql)).succeeded()).as(sql).isTrue();
  }

  @Test
  void showTablesListsThePublishedTablesOnly() {
    ReadOnlySql.Checked listed = access.admit(ReadOnlySql.check("SHOW TABLES")).result();
    assertThat(listed.sql()).contains("'ms1_pedidos'").contains("'ms2_pagos'").doesNotContain("SHOW");
    assertThat(access.admit(ReadOnlySql.check("SHOW TABLES FROM hive.lakeport LIKE 'ms1%'")).result().sql())
        .contains("LIKE 'ms1%'");
  }

  @Test
  void theListIsReusedAndReadAgainForANameNotOnIt() {
    access.admit(ReadOnlySql.check("SELECT * FROM ms1_pedidos"));
    access.admit(ReadOnlySql.check("SELECT * FROM ms2_pagos"));
    assertThat(reads).hasValue(1);
    refusal("SELECT * FROM ms9_nada");
    assertThat(reads).as("a name not on the list is looked up again before it is refused").hasValue(2);
  }
}
