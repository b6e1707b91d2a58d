package io.lakeport.query.trino;

import io.lakeport.testkit.AsyncAwait;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStatus;
import io.lakeport.query.ResultPage;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second wall behind the API's own SQL check: the local stack's Trino (docker/trino/etc/rules.json, as
 * compose's) lets the API's engine user, {@code lakeport_api}, read the lake schema's published tables and
 * nothing else. Each statement goes to Trino as that user directly, as if the API's parser had let it
 * through: every one outside the lake is refused by Trino, and the lake's views still answer.
 */
@ExtendWith(LocalStackExtension.class)
class TrinoAccessControlIT {

  /** conf/local.yaml's engine.trino.apiUser. */
  static final String API_USER = "lakeport_api";
  /** A lake schema the rules cover (the test suite's scratch schemas start with lp_). */
  static final String LAKE = LocalStack.uniqueSqlName("acl");
  /** A schema outside the lake: the rules name no schema of this form for the API user. */
  static final String OTHER = LAKE.replaceFirst("^lp_", "outside_");

  static Vertx vertx;
  static TrinoEngine owner;
  static TrinoEngine api;

  @BeforeAll
  static void aLakeWithAStorageTableAViewAndAnotherSchema() {
    LocalTrino.awaitReady();
    vertx = Vertx.vertx();
    owner = new TrinoEngine(vertx, LocalTrino.settings());
    TrinoEngine.Settings test = LocalTrino.settings();
    api = new TrinoEngine(vertx, new TrinoEngine.Settings(test.uri(), API_USER, "hive", LAKE, test.source(),
        test.connectTimeout(), test.requestTimeout(), test.bufferRows(), test.forgetAfter()));
    for (String sql : List.of(
        "CREATE SCHEMA hive." + LAKE,
        "CREATE SCHEMA hive." + OTHER,
        "CREATE TABLE hive." + LAKE + ".\"orders__data_0123abcd\" (id integer, note varchar)",
        "INSERT INTO hive." + LAKE + ".\"orders__data_0123abcd\" VALUES (1, 'one'), (2, 'two')",
        "CREATE VIEW hive." + LAKE + ".orders AS SELECT id, note FROM hive." + LAKE + ".\"orders__data_0123abcd\"",
        "CREATE TABLE hive." + OTHER + ".secrets (secret varchar)",
        "INSERT INTO hive." + OTHER + ".secrets VALUES ('s3cr3t')")) {
      assertThat(run(owner, sql)).as(sql).isInstanceOf(List.class);
    }
  }

  @AfterAll
  static void dropBoth() {
    for (String sql : List.of("DROP VIEW IF EXISTS hive." + LAKE + ".orders",
        "DROP TABLE IF EXISTS hive." + LAKE + ".\"orders__data_0123abcd\"", "DROP SCHEMA IF EXISTS hive." + LAKE,
        "DROP TABLE IF EXISTS hive." + OTHER + ".secrets", "DROP SCHEMA IF EXISTS hive." + OTHER)) {
      run(owner, sql);
    }
    owner.close();
    api.close();
    vertx.close();
  }

  @Test
  void theApiUserReadsTheLakesViewsAndTrinoRefusesItEverythingElse() {
    assertThat(run(api, "SELECT id, note FROM orders ORDER BY id"))
        .isEqualTo(List.of(List.of(1L, "one"), List.of(2L, "two")));

    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("SELECT query, \"user\" FROM system.runtime.queries", "system.runtime.queries");
    refused.put("SELECT * FROM system.runtime.nodes", "system.runtime.nodes");
    refused.put("SELECT * FROM system.metadata.catalogs", "system.metadata.catalogs");
    refused.put("SELECT * FROM \"orders__data_0123abcd\"", "orders__data_0123abcd");
    refused.put("WITH q AS (SELECT note FROM \"orders__data_0123abcd\") SELECT * FROM q", "orders__data_0123abcd");
    refused.put("SELECT * FROM hive." + OTHER + ".secrets", OTHER + ".secrets");
    refused.put("SELECT o.id FROM orders o JOIN hive." + OTHER + ".secrets s ON true", OTHER + ".secrets");
    refused.put("SELECT note FROM orders UNION ALL SELECT secret FROM hive." + OTHER + ".secrets", OTHER + ".secrets");
    refused.put("SHOW TABLES FROM hive." + OTHER, OTHER);
    refused.put("CREATE TABLE hive." + LAKE + ".planted (x integer)", "planted");
    refused.put("DROP VIEW hive." + LAKE + ".orders", "orders");
    refused.put("SHOW CREATE VIEW hive." + LAKE + ".orders", "orders");
    refused.forEach((sql, object) -> assertThat(run(api, sql)).as(sql)
        .asString().startsWith("PERMISSION_DENIED: Access Denied: ").contains(object));

    assertThat(run(api, "SHOW SCHEMAS FROM hive")).as("schemas the API user sees")
        .asString().contains(LAKE).doesNotContain(OTHER);
    assertThat(run(api, "SHOW TABLES")).as("the lake's tables, storage tables hidden")
        .isEqualTo(List.of(List.of("orders")));
    assertThat(run(api, "SELECT table_name FROM hive.information_schema.tables WHERE table_schema = '" + LAKE + "'"))
        .as("information_schema hides the storage table too").isEqualTo(List.of(List.of("orders")));

    // The same statements as the ingest group's user: the rules restrict the API user only.
    assertThat(run(owner, "SELECT secret FROM hive." + OTHER + ".secrets")).isEqualTo(List.of(List.of("s3cr3t")));
  }

  /** The rows of {@code sql}, or {@code errorName: message} when Trino failed it. */
  static Object run(TrinoEngine engine, String sql) {
    Future<Object> outcome = engine.submit(QuerySpec.of(sql)).compose(id -> awaitEnd(engine, id).compose(status ->
        status.state() == QueryState.SUCCEEDED
            ? engine.results(id, null, 1000).<Object>map(ResultPage::rows)
            : Future.succeededFuture(status.error())));
    try {
      return outcome.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Trino did not finish within 60 s: " + sql, e);
    }
  }

  private static Future<QueryStatus> awaitEnd(TrinoEngine engine, String id) {
    return AsyncAwait.until(vertx, () -> engine.status(id), status -> status.state().done());
  }
}
