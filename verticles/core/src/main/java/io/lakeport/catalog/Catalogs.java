package io.lakeport.catalog;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.query.QueryService;

import java.time.Duration;

/**
 * Builds the configured catalog: the dialect of {@code engine.kind}, its statements run through a query service
 * over that engine (for instance {@code QueryEngines.service(vertx, engineConfig)}).
 */
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
   * @param service the query service over the adapter for {@code config.kind()}; the catalog does not close it
   */
  public static Catalog create(EngineConfig config, QueryService service) {
    return new EngineCatalog(dialect(config),
        new ServiceStatements(service, Duration.ofSeconds(config.queryTimeoutSeconds())));
  }
}
