package io.lakeport.ops.metrics;

import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.config.LakeportConfig.MetricsConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/**
 * Metrics of a Lakeport process: Vert.x's own (event bus, HTTP server and clients, pools, net servers),
 * the JVM's, the event-loop delay probe and {@link LakeportMetrics}, all in one Prometheus registry that
 * {@code BackendRegistries.getDefaultNow()} returns and the api group serves at {@code /metrics}.
 */
public final class Observability {

  private Observability() {
  }

  public static MicrometerMetricsOptions metricsOptions(MetricsConfig metrics) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(metrics.enabled())
        .setJvmMetricsEnabled(metrics.jvm())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    // LOCAL tells servers apart (the bridge, the clustered bus's own server, the HTTP API), which otherwise
    // share one series. Not EB_ADDRESS: every table transfer has a private address, a series each.
    options.addLabels(Label.HTTP_ROUTE, Label.LOCAL);
    return options;
  }

  public static VertxMetricsFactory metricsFactory() {
    return new MicrometerMetricsFactory();
  }

  /** Sets {@code options} up for metrics when the profile enables them. */
  public static void configure(VertxOptions options, MetricsConfig metrics) {
    if (metrics.enabled()) {
      options.setMetricsOptions(metricsOptions(metrics));
    }
  }

  /**
   * What a process with metrics runs besides its groups: one {@link EventLoopDelayProbe} per event loop,
   * and {@code /metrics} on {@code metrics.port} when one is set.
   */
  public static Future<?> start(Vertx vertx, MetricsConfig metrics, int eventLoops) {
    Future<?> probes = startProbes(vertx, eventLoops);
    if (metrics.port() == 0) {
      return probes;
    }
    return probes.compose(v -> vertx.deployVerticle(new MetricsEndpoint(metrics)));
  }

  static Future<String> startProbes(Vertx vertx, int eventLoops) {
    return vertx.deployVerticle(EventLoopDelayProbe::new, new DeploymentOptions().setInstances(eventLoops));
  }
}
