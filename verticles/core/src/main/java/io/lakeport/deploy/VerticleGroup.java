package io.lakeport.deploy;

import io.lakeport.config.LakeportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A verticle group one process can run (ingest, api, bridge). Each module registers its group in
 * {@code META-INF/services/io.lakeport.deploy.VerticleGroup}; the launcher deploys those the profile
 * names, so the modules do not depend on each other.
 */
public interface VerticleGroup {

  LakeportConfig.Group group();

  /** Deploys the group's verticles; completes when all of them have started. */
  Future<?> deploy(Vertx vertx, LakeportConfig config);

  /**
   * True for an addition to a group that another module provides (the ops module adds schedules and run
   * metrics to the ingest group). A group is part of a build only if a non-extension provides it; its
   * extensions are deployed after it has started, so they can use what it serves.
   */
  default boolean extension() {
    return false;
  }
}
