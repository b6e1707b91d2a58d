package io.lakeport.ingest;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.Catalogs;
import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.SingleVerticleGroup;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.source.Sources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The {@code ingest} verticle group: one {@link IngestVerticle} serving the sources this process owns, with
 * the real sources and the catalog of the configured engine (its DDL runs through a query service of its
 * own, closed when the verticle stops).
 */
public final class IngestGroup extends SingleVerticleGroup {

  public IngestGroup() {
    super(LakeportConfig.Group.INGEST,
        config -> new IngestVerticle(config, Sources::create, new EngineCatalogFactory(config)));
  }

  private static final class EngineCatalogFactory implements CatalogFactory {
    private final LakeportConfig config;
    private EngineQueryService service;

    EngineCatalogFactory(LakeportConfig config) {
      this.config = config;
    }

    @Override
    public Future<Catalog> open(Vertx vertx) {
      return QueryEngines.service(vertx, config.engine()).map(opened -> {
        service = opened;
        return Catalogs.create(config.engine(), opened);
      });
    }

    @Override
    public Future<Void> close() {
      return service == null ? Future.succeededFuture() : service.close();
    }
  }
}
