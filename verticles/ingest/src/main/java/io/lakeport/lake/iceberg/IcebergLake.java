package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig.IcebergConfig;
import io.lakeport.config.LakeportConfig.LakeConfig;
import io.lakeport.store.LakeLayout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * What the Iceberg tables of one ingest process share: the file access over its S3 client and the catalog
 * ({@code lake.iceberg.catalog}: JDBC or Glue), connected on first use (a worker does it: JDBC and Glue
 * calls block) and again after a failed connection.
 */
public final class IcebergLake {

  private final Vertx vertx;
  private final LakeConfig lake;
  private final IcebergConfig config;
  private final LakeFileIO io;
  private Future<IcebergCatalog> catalog;

  public IcebergLake(Vertx vertx, S3AsyncClient s3, Context context, LakeConfig lake) {
    this.vertx = vertx;
    this.lake = lake;
    this.config = lake.iceberg();
    this.io = new LakeFileIO(s3, context, Math.toIntExact(lake.partSizeBytes()), lake.partsInFlight());
  }

  public LakeFileIO io() {
    return io;
  }

  public RollingDataWriter.Limits limits() {
    return new RollingDataWriter.Limits(config.rowGroupBytes(), config.targetFileBytes());
  }

  /** The catalog table of an engine table name (the namespace is the engine's schema). */
  public TableIdentifier identifier(String engineTable) {
    return TableIdentifier.of(Namespace.of(config.namespace()), engineTable);
  }

  public IcebergConfig config() {
    return config;
  }

  /** Where a source's table keeps its files: its bucket, under {@code iceberg/}. */
  public static String location(String bucket, String lakeTable) {
    return LakeLayout.location(bucket, LakeLayout.ICEBERG_PREFIX + lakeTable);
  }

  public synchronized Future<IcebergCatalog> catalog() {
    if (catalog == null || catalog.failed()) {
      catalog = vertx.executeBlocking(this::open, false);
    }
    return catalog;
  }

  private IcebergCatalog open() {
    return switch (config.catalog()) {
      case JDBC -> new IcebergCatalog(new IcebergCatalog.Settings(config.name(), config.uri(), config.user(),
          config.password(), config.warehouse()), io);
      case GLUE -> IcebergCatalog.glue(new IcebergCatalog.GlueSettings(config.name(), config.warehouse(),
          config.glue().catalogId()), GlueClients.create(lake), io);
    };
  }

  public Future<Void> close() {
    Future<IcebergCatalog> opened = catalog;
    if (opened == null) {
      return Future.succeededFuture();
    }
    return opened.transform(r -> r.failed() ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      r.result().close();
      return null;
    }, false));
  }
}
