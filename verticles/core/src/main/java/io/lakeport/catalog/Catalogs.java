package io.lakeport.catalog;

import io.lakeport.config.LakeportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * The {@link Catalog} a profile asks for. The engine catalogs (Trino DDL, Athena/Glue DDL) are not part of
 * this build yet: until they are, every call fails with a message that says so, which makes an ingest run
 * fail before it advances any watermark rather than claim data no engine can read.
 */
public final class Catalogs {

  private Catalogs() {
  }

  public static Catalog create(Vertx vertx, LakeportConfig config) {
    String engine = config.engine().kind().name().toLowerCase();
    String reason = "catalog not configured: publishing tables to the " + engine
        + " engine is not part of this build yet";
    return new Catalog() {
      @Override
      public Future<Void> publish(CommittedTable table) {
        return Future.failedFuture(reason);
      }

      @Override
      public Future<List<CatalogTable>> tables() {
        return Future.failedFuture(reason);
      }
    };
  }
}
