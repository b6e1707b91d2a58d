package io.lakeport.catalog;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.query.QueryEngine;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Builds the configured catalog: the dialect of {@code engine.kind} over that engine's adapter. */
public final class Catalogs {

  private Catalogs() {
  }

  public static CatalogDialect dialect(EngineConfig config) {
    return switch (config.kind()) {
      case TRINO -> new TrinoHiveDialect(config.catalog(), config.schema());
      case ATHENA -> new AthenaDialect(config.schema());
    };
  }

  /**
   * @param engine the adapter for {@code config.kind()}; the catalog does not close it
   */
  public static Catalog create(Vertx vertx, EngineConfig config, QueryEngine engine) {
    return new EngineCatalog(dialect(config),
        new EngineStatements(vertx, engine, Duration.ofSeconds(config.queryTimeoutSeconds())));
  }
}
