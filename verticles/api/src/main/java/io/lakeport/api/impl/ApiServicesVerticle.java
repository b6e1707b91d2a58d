package io.lakeport.api.impl;

import io.lakeport.api.ApiVerticle;
import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.Catalogs;
import io.lakeport.config.LakeportConfig;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryEngines;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Owns what the API's HTTP verticles share: the query service over the configured engine (one set of
 * concurrency limits and one cache for the process), the catalog, and the page-token key. It deploys the
 * HTTP verticles as its children, and closes the services (cancelling engine queries still running) when
 * it is undeployed.
 *
 * <p>The catalog runs its statements through a query service of its own, with a couple of slots and no
 * cache: catalog listings and the lake readiness of /health are never queued behind a burst of user
 * queries (which would turn a busy API into an "unhealthy" one), nor answered from a stale cache.
 */
public final class ApiServicesVerticle extends VerticleBase {

  /** The catalog's own engine slots and queue (listings, /health): small, and never behind user queries. */
  static final int CATALOG_SLOTS = 2;
  static final int CATALOG_QUEUE = 32;

  private final LakeportConfig config;
  private final int instances;
  private EngineQueryService queries;
  private EngineQueryService catalogQueries;

  public ApiServicesVerticle(LakeportConfig config, int instances) {
    this.config = config;
    this.instances = Math.max(1, instances);
  }

  @Override
  public Future<?> start() {
    return QueryEngines.service(vertx, config.engine()).compose(service -> {
      queries = service;
      return QueryEngines.create(vertx, config.engine());
    }).compose(engine -> {
      catalogQueries = new EngineQueryService(vertx, engine, EngineQueryService.Settings.of(config.engine())
          .withLimits(CATALOG_SLOTS, CATALOG_QUEUE).withCacheTtl(Duration.ZERO));
      Catalog catalog = Catalogs.create(config.engine(), catalogQueries);
      byte[] key = pageTokenKey(config.api());
      return vertx.deployVerticle(() -> new ApiVerticle(config, queries, catalog, key),
          new DeploymentOptions().setInstances(instances));
    }).recover(e -> stop().transform(closed -> Future.failedFuture(e))); // a failed start closes what it opened
  }

  @Override
  public Future<?> stop() {
    return Future.join(queries == null ? Future.succeededFuture() : queries.close(),
        catalogQueries == null ? Future.succeededFuture() : catalogQueries.close());
  }

  /** {@code api.pageTokenSecret}, or 32 random bytes: tokens then hold only for this process. */
  static byte[] pageTokenKey(LakeportConfig.ApiConfig api) {
    if (api.pageTokenSecret() != null) {
      return api.pageTokenSecret().getBytes(StandardCharsets.UTF_8);
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
