package io.lakeport.testing;

import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.IngestGroup;
import io.lakeport.run.RunStatus;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.StackConfig;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code format: iceberg} PostgreSQL source over the local stack for integration tests: a scratch database
 * with one table {@code orders} (watermark {@code updated_at}), a scratch bucket, the Iceberg namespace and
 * engine schema {@code namespace}, and an ingest group deployed on a Vert.x of its own. Closing drops the
 * Iceberg table, the engine view and both schemas, then the bucket and the database.
 */
public final class IcebergPostgresSource implements AutoCloseable {

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

  private IcebergPostgresSource(String namespace, String source, S3AsyncClient s3, ScratchBucket bucket,
                                ScratchDatabase db, Vertx vertx, IngestBus bus) {
    this.namespace = namespace;
    this.source = source;
    this.table = "iceberg." + namespace + "." + source + "_orders";
    this.view = "hive." + namespace + "." + source + "_orders";
    this.s3 = s3;
    this.bucket = bucket;
    this.db = db;
    this.vertx = vertx;
    this.bus = bus;
  }

  /**
   * @param label           what the scratch bucket and database are named after
   * @param createOrders    the {@code CREATE TABLE orders ...} statement
   * @param icebergSettings merged into {@code lake.iceberg} (row group and file sizes, upkeep)
   */
  public static IcebergPostgresSource start(String namespace, String source, String label, String createOrders,
                                            JsonObject icebergSettings) throws Exception {
    S3AsyncClient s3 = LocalStack.newS3AsyncClient();
    ScratchBucket bucket = ScratchBucket.create(s3, label);
    ScratchDatabase db = ScratchDatabase.create(LocalStack.POSTGRES, label.replace("-", "_"));
    db.execute(createOrders);
    JsonObject json = StackConfig.withGroups("ingest");
    json.getJsonObject("lake").put("iceberg", StackConfig.iceberg(namespace).mergeIn(icebergSettings));
    LakeportConfig config = LakeportConfig.from(json
        .put("sources", new JsonObject().put(source, new JsonObject().put("kind", "postgresql")
            .put("host", LocalStack.POSTGRES.host()).put("port", LocalStack.POSTGRES.port())
            .put("database", db.name()).put("user", LocalStack.POSTGRES.user()).put("password", "")
            .put("bucket", bucket.name()).put("format", "iceberg")
            .put("watermarks", new JsonObject().put("orders", "updated_at"))))
        .put("engine", StackConfig.trinoEngine(namespace)), label);
    Vertx vertx = Vertx.vertx();
    new IngestGroup().deploy(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new IcebergPostgresSource(namespace, source, s3, bucket, db, vertx, new IngestBus(vertx));
  }

  /** A run of {@code orders} in {@code mode}, to its end. */
  public RunStatus run(String mode) throws Exception {
    return bus.awaitEnd(bus.start(new JsonObject().put("source", source).put("mode", mode)
        .put("tables", new JsonArray().add("orders"))));
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
