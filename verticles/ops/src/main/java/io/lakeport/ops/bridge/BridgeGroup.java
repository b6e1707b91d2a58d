package io.lakeport.ops.bridge;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.VerticleGroup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The {@code bridge} group: the TCP event-bus bridge that tooling (the CLI, scripts) talks to. */
public final class BridgeGroup implements VerticleGroup {

  @Override
  public LakeportConfig.Group group() {
    return LakeportConfig.Group.BRIDGE;
  }

  @Override
  public Future<?> deploy(Vertx vertx, LakeportConfig config) {
    return vertx.deployVerticle(new BridgeVerticle(config.bridge()));
  }
}
