package io.lakeport.api;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.SingleVerticleGroup;

/**
 * The {@code api} verticle group: the query service and catalog of the configured engine, and one
 * {@link ApiVerticle} per core serving the HTTP API (registered in
 * {@code META-INF/services/io.lakeport.deploy.VerticleGroup}).
 */
public final class ApiGroup extends SingleVerticleGroup {

  public ApiGroup() {
    super(LakeportConfig.Group.API,
        config -> new ApiServicesVerticle(config, Runtime.getRuntime().availableProcessors()));
  }
}
