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

/**
 * Owns what the API's HTTP verticles share: the query service over the configured engine (one set of
 * concurrency limits and one cache for the process), the catalog, and the page-token key. It deploys the
 * HTTP verticles as its children, and closes the service (cancelling engine queries still running) when
 * it is undeployed.
 */
public final class ApiServicesVerticle extends VerticleBase {

  private final LakeportConfig config;
  private final int instances;
  private EngineQueryService queries;

  public ApiServicesVerticle(LakeportConfig config, int instances) {
    this.config = config;
    this.instances = Math.max(1, instances);
  }

  @Override
  public Future<?> start() {
    queries = QueryEngines.service(vertx, config.engine());
    Catalog catalog = Catalogs.create(vertx, config.engine(), queries.engine());
    byte[] key = pageTokenKey(config.api());
    return vertx.deployVerticle(() -> new ApiVerticle(config, queries, catalog, key),
        new DeploymentOptions().setInstances(instances));
  }

  @Override
  public Future<?> stop() {
    return queries == null ? Future.succeededFuture() : queries.close();
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
