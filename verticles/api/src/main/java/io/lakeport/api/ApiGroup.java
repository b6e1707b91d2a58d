package io.lakeport.api;

import io.lakeport.api.ApiServicesVerticle;
import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.VerticleGroup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The {@code api} verticle group: the query service and catalog of the configured engine, and one
 * {@link ApiVerticle} per core serving the HTTP API (registered in
 * {@code META-INF/services/io.lakeport.deploy.VerticleGroup}).
 */
public final class ApiGroup implements VerticleGroup {

  @Override
  public LakeportConfig.Group group() {
    return LakeportConfig.Group.API;
  }

  @Override
  public Future<?> deploy(Vertx vertx, LakeportConfig config) {
    return vertx.deployVerticle(new ApiServicesVerticle(config, Runtime.getRuntime().availableProcessors()));
  }
}
