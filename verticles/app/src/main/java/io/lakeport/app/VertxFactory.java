package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Builds the Vert.x instance a profile asks for. */
final class VertxFactory {

  private VertxFactory() {
  }

  static Future<Vertx> create(LakeportConfig config) {
    VertxOptions options = new VertxOptions();
    if (config.cluster().enabled()) {
      return Future.failedFuture("cluster.enabled: clustering is not available in this build yet");
    }
    return Future.succeededFuture(Vertx.vertx(options));
  }
}
