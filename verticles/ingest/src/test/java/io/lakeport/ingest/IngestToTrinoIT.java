package io.lakeport.ingest;

import io.lakeport.run.RunStatus;
import io.lakeport.catalog.ServiceStatements;
import io.lakeport.config.LakeportConfig;
import io.lakeport.run.RunStatus.State;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.ScratchTable;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.StackConfig;
import io.lakeport.testkit.ScratchBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production wiring end to end: the {@code ingest} group as the launcher deploys it (real PostgreSQL
 * source, lake writer into the local stack's S3Proxy, the Trino catalog), then the rows queried back
 * through Trino, after a full run, an incremental run and a full re-run.
 */
class IngestToTrinoIT {

  private static final String SCHEMA = LocalStack.uniqueSqlName("ingest_it");
  private static Vertx vertx;
  private static S3AsyncClient s3;
  private static ScratchBucket bucket;
  private static ScratchTable db;
  private static IngestBus bus;
  private static EngineQueryService trino;
  private static ServiceStatements sql;
  private static LakeportConfig config;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "ingest-it");
    db = ScratchTable.postgres();
    JsonObject json = StackConfig.withGroups("ingest");
    json.getJsonObject("lake").put("gzip", true);
    config = LakeportConfig.from(json
        .put("sources", new JsonObject().put("itpg", db.sourceConfig(bucket.name())))
        .put("engine", StackConfig.trinoEngine(SCHEMA)), "IngestToTrinoIT");
    vertx = Vertx.vertx();
    new IngestGroup().deploy(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    bus = new IngestBus(vertx);
    trino = QueryEngines.service(vertx, config.engine()).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    sql = new ServiceStatements(trino, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      query("SELECT table_name, table_type FROM hive.information_schema.tables WHERE table_schema = '" + SCHEMA + "'")
          .forEach(row -> {
            try {
              query("DROP " + ("VIEW".equals(row.get(1)) ? "VIEW" : "TABLE") + " IF EXISTS hive." + SCHEMA + ".\""
                  + row.get(0) + "\"");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      query("DROP SCHEMA IF EXISTS hive." + SCHEMA);
    } finally {
      trino.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      bucket.close();
      s3.close();
      db.close();
    }
  }

  static List<List<Object>> query(String statement) throws Exception {
    Future<List<List<Object>>> rows = Future.future(p -> vertx.runOnContext(v -> sql.run(statement).onComplete(p)));
    return rows.toCompletionStage().toCompletableFuture().get(3, TimeUnit.MINUTES);
  }

  static RunStatus run(String mode) throws Exception {
    String runId = bus.start(new JsonObject().put("source", "itpg").put("mode", mode)
        .put("tables", new JsonArray().add("scratch")));
    RunStatus status = bus.awaitEnd(runId);
    assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(State.SUCCEEDED);
    return status;
  }

  /** count and sum(amount) as Trino reads the table, and as PostgreSQL has it. */
  static void assertTrinoSeesTheSourceRows() throws Exception {
    List<Object> row = query("SELECT count(*), sum(amount), count(DISTINCT id) FROM hive." + SCHEMA + ".itpg_scratch")
        .getFirst();
    List<String> source = db.idsAndAmounts();
    BigDecimal sum = source.stream().map(r -> new BigDecimal(r.substring(r.indexOf(':') + 1)))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(((Number) row.get(0)).longValue()).isEqualTo(source.size());
    assertThat(((Number) row.get(2)).longValue()).as("no row twice").isEqualTo(source.size());
    assertThat(new BigDecimal(String.valueOf(row.get(1)))).isEqualByComparingTo(sum);
  }

  @Test
  void rowsIngestedAreQueryableInTrinoExactlyOnce() throws Exception {
    db.insert(1, 2_000);
    run("full");
    assertTrinoSeesTheSourceRows();

    db.insert(2_001, 2_500);
    RunStatus incremental = run("incremental");
    assertThat(incremental.tables().getFirst().rows()).isEqualTo(500);
    assertTrinoSeesTheSourceRows();

    run("full");
    assertTrinoSeesTheSourceRows();
  }
}
