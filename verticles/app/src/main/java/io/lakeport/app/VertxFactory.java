package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.ops.cluster.ClusterJoinException;
import io.lakeport.ops.cluster.Clustering;
import io.lakeport.ops.metrics.Observability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Vert.x instance a profile asks for: clustered over Hazelcast when {@code cluster.enabled}
 * (see {@link Clustering}), with Micrometer metrics in a Prometheus registry and the event-loop delay probe
 * when {@code metrics.enabled} (see {@link Observability}).
 */
final class VertxFactory {

  private static final Logger LOG = LoggerFactory.getLogger(VertxFactory.class);

  private VertxFactory() {
  }

  static Future<Vertx> create(LakeportConfig config) {
    VertxOptions options = new VertxOptions();
    Observability.configure(options, config.metrics());
    VertxBuilder builder = Vertx.builder();
    if (config.metrics().enabled()) {
      builder.withMetrics(Observability.metricsFactory());
    }
    Future<Vertx> vertx;
    if (config.cluster().enabled()) {
      LakeportConfig.ClusterConfig cluster = config.cluster();
      try {
        Clustering.configureEventBus(options, cluster);
        builder.withClusterManager(Clustering.clusterManager(cluster));
      } catch (ClusterJoinException e) {
        return Future.failedFuture(e);
      }
      LOG.info("joining the cluster as {}:{} (event bus port {}), members {}", cluster.host(), cluster.port(),
          cluster.busPort() == 0 ? "any" : cluster.busPort(), cluster.memberAddresses());
      vertx = builder.with(options).buildClustered()
          .recover(e -> Future.failedFuture(ClusterJoinException.cannotJoin(cluster.host(), cluster.port(), e)));
    } else {
      vertx = Future.succeededFuture(builder.with(options).build());
    }
    if (!config.metrics().enabled()) {
      return vertx;
    }
    return vertx.compose(v -> Observability.start(v, config.metrics(), options.getEventLoopPoolSize())
        .map(v)
        .recover(e -> v.close().transform(closed -> Future.failedFuture(e))));
  }
}
