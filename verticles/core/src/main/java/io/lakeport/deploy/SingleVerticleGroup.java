package io.lakeport.deploy;

import io.lakeport.config.LakeportConfig;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Function;

/**
 * A verticle group that is one verticle, made from the process's configuration (api, ingest, bridge). A
 * subclass names the group and its verticle in a public no-argument constructor, which is what
 * {@link java.util.ServiceLoader} calls.
 */
public abstract class SingleVerticleGroup implements VerticleGroup {

  private final LakeportConfig.Group group;
  private final Function<LakeportConfig, Deployable> verticle;

  protected SingleVerticleGroup(LakeportConfig.Group group, Function<LakeportConfig, Deployable> verticle) {
    this.group = group;
    this.verticle = verticle;
  }

  @Override
  public final LakeportConfig.Group group() {
    return group;
  }

  @Override
  public final Future<?> deploy(Vertx vertx, LakeportConfig config) {
    return vertx.deployVerticle(verticle.apply(config));
  }
}
