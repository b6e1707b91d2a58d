package io.lakeport.catalog;

import io.lakeport.query.QueryException;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EngineCatalog#upkeep} with scripted statements: the dialect's statements in order, a failure named. */
class EngineCatalogUpkeepTest {

  private final IcebergSource table = new IcebergSource("iceberg", "lake_ns", "ms1_orders", List.of());

  @Test
  void runsTheDialectsStatementsOneAfterAnother() {
    List<String> sent = new ArrayList<>();
    EngineCatalog catalog = new EngineCatalog(new TrinoHiveDialect("hive", "lakeport"), sql -> {
      sent.add(sql);
      return Future.succeededFuture(List.of());
    });
    assertThat(catalog.upkeep(table, true, 7).succeeded()).isTrue();
    assertThat(sent).isEqualTo(new TrinoHiveDialect("hive", "lakeport").icebergUpkeep(table, true, 7));
  }

  @Test
  void aRefusedStatementFailsTheUpkeepNamingTheTableAndStopsThere() {
    List<String> sent = new ArrayList<>();
    EngineCatalog catalog = new EngineCatalog(new TrinoHiveDialect("hive", "lakeport"), sql -> {
      sent.add(sql);
      return sql.contains("expire_snapshots")
          ? Future.failedFuture(new QueryException(QueryException.Kind.ENGINE_FAILED, "Retention specified (1.00d) is shorter than the minimum"))
          : Future.succeededFuture(List.of());
    });
    Future<Void> upkeep = catalog.upkeep(table, true, 1);
    assertThat(upkeep.failed()).isTrue();
    assertThat(upkeep.cause()).isInstanceOf(CatalogException.class)
        .hasMessageContaining("lake_ns.ms1_orders").hasMessageContaining("trino").hasMessageContaining("shorter than the minimum")
        .hasCauseInstanceOf(QueryException.class);
    assertThat(sent).hasSize(2).noneMatch(sql -> sql.contains("remove_orphan_files"));
  }
}
