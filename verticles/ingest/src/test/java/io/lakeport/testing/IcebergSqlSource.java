package io.lakeport.testing;

import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.IngestGroup;
import io.lakeport.run.RunStatus;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.SqlServer;
import io.lakeport.testkit.StackConfig;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code format: iceberg} SQL source over the local stack for integration tests: a scratch database (in
 * PostgreSQL or MariaDB) with the table under test (e.g. {@code orders} with watermark {@code updated_at}), a
 * scratch bucket, the Iceberg namespace and engine schema {@code namespace}, and an ingest group deployed on a
 * Vert.x of its own. Closing drops the Iceberg table, the engine view and both schemas, then the bucket and
 * the database.
 */
public final class IcebergSqlSource implements AutoCloseable {

  public final String namespace;
  /** The Iceberg table, {@code iceberg.<namespace>.<source>_orders}. */
  public final String table;
  /** The engine view readers query, in the Hive catalog's schema (engine.schema). */
  public final String view;
  public final S3AsyncClient s3;
  public final ScratchBucket bucket;
  public final ScratchDatabase db;
  public final Vertx vertx;
  public final IngestBus bus;

  private final String source;
  private final String sourceTable;

  private IcebergSqlSource(String namespace, String source, String sourceTable, S3AsyncClient s3, ScratchBucket bucket,
                           ScratchDatabase db, Vertx vertx, IngestBus bus) {
    this.namespace = namespace;
    this.source = source;
    this.sourceTable = sourceTable;
    this.table = "iceberg." + namespace + "." + source + "_" + sourceTable;
    this.view = "hive." + namespace + "." + source + "_" + sourceTable;
    this.s3 = s3;
    this.bucket = bucket;
    this.db = db;
    this.vertx = vertx;
    this.bus = bus;
  }

  /**
   * A PostgreSQL source whose table {@code orders} has the watermark {@code updated_at}.
   *
   * @param label           what the scratch bucket and database are named after
   * @param createOrders    the {@code CREATE TABLE orders ...} statement
   * @param icebergSettings merged into {@code lake.iceberg} (row group and file sizes, upkeep)
   */
  public static IcebergSqlSource start(String namespace, String source, String label, String createOrders,
                                       JsonObject icebergSettings) throws Exception {
    return start(LocalStack.POSTGRES, namespace, source, label, "orders", "updated_at", icebergSettings, createOrders);
  }

  /**
   * A source in {@code server} whose table {@code sourceTable} (made by {@code statements}, in the scratch
   * database) has the watermark {@code watermark}.
   */
  public static IcebergSqlSource start(SqlServer server, String namespace, String source, String label,
                                       String sourceTable, String watermark, JsonObject icebergSettings,
                                       String... statements) throws Exception {
    S3AsyncClient s3 = LocalStack.newS3AsyncClient();
    ScratchBucket bucket = ScratchBucket.create(s3, label);
    ScratchDatabase db = ScratchDatabase.create(server, label.replace("-", "_"));
    db.execute(statements);
    JsonObject json = StackConfig.withGroups("ingest");
    json.getJsonObject("lake").put("iceberg", StackConfig.iceberg(namespace).mergeIn(icebergSettings));
    LakeportConfig config = LakeportConfig.from(json
        .put("sources", new JsonObject().put(source, new JsonObject()
            .put("kind", server.kind() == SqlServer.Kind.POSTGRESQL ? "postgresql" : "mysql")
            .put("host", server.host()).put("port", server.port())
            .put("database", db.name()).put("user", server.user()).put("password", server.password())
            .put("bucket", bucket.name()).put("format", "iceberg")
            .put("watermarks", new JsonObject().put(sourceTable, watermark))))
        .put("engine", StackConfig.trinoEngine(namespace)), label);
    Vertx vertx = Vertx.vertx();
    new IngestGroup().deploy(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new IcebergSqlSource(namespace, source, sourceTable, s3, bucket, db, vertx, new IngestBus(vertx));
  }

  /** A run of the table in {@code mode}, to its end. */
  public RunStatus run(String mode) throws Exception {
    return run(mode, sourceTable);
  }

  /** A run of {@code table} (of the scratch database) in {@code mode}, to its end. */
  public RunStatus run(String mode, String table) throws Exception {
    return bus.awaitEnd(bus.start(new JsonObject().put("source", source).put("mode", mode)
        .put("tables", new JsonArray().add(table))));
  }

  /** A run of the table in {@code mode} that must succeed, to its end. */
  public RunStatus succeeded(String mode) throws Exception {
    RunStatus status = run(mode);
    assertThat(status.state()).as(mode + " run: " + status.error() + " " + status.tables())
        .isEqualTo(RunStatus.State.SUCCEEDED);
    return status;
  }

  public List<JsonArray> trino(String sql) throws Exception {
    return TrinoStatements.rows(LocalStack.TRINO_ICEBERG_CATALOG, sql);
  }

  @Override
  public void close() throws Exception {
    try {
      trino("DROP TABLE IF EXISTS " + table);
      trino("DROP SCHEMA IF EXISTS iceberg." + namespace);
      trino("DROP VIEW IF EXISTS " + view);
      trino("DROP SCHEMA IF EXISTS hive." + namespace);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      bucket.close();
      s3.close();
      db.close();
    }
  }
}
