package io.lakeport.ops.bridge;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.SingleVerticleGroup;

/** The {@code bridge} group: the TCP event-bus bridge that tooling (the CLI, scripts) talks to. */
public final class BridgeGroup extends SingleVerticleGroup {

  public BridgeGroup() {
    super(LakeportConfig.Group.BRIDGE, config -> new BridgeVerticle(config.bridge()));
  }
}
