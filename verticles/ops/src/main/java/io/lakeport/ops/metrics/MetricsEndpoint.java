package io.lakeport.ops.metrics;

import io.lakeport.config.LakeportConfig.MetricsConfig;
import io.lakeport.deploy.HttpServerDefaults;
import io.lakeport.deploy.ListenException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * {@code GET /metrics} on {@code metrics.host:metrics.port}, for processes that do not run the api group
 * (ingest-only and bridge-only containers), so that every process's meters can be scraped.
 */
final class MetricsEndpoint extends VerticleBase {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final MetricsConfig config;
  private HttpServer server;

  MetricsEndpoint(MetricsConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(HttpServerDefaults.options()).requestHandler(request -> {
      if (request.method() != HttpMethod.GET || !request.path().equals("/metrics")) {
        request.response().setStatusCode(404).end();
        return;
      }
      MeterRegistry registry = BackendRegistries.getDefaultNow();
      if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
        request.response().setStatusCode(503).end("metrics are disabled in this process\n");
        return;
      }
      request.response().putHeader("Content-Type", CONTENT_TYPE).end(prometheus.scrape());
    });
    return server.listen(config.port(), config.host())
        .recover(e -> Future.failedFuture(ListenException.cannotListen("metrics", config.host(), config.port(),
            "metrics.host/metrics.port", e)));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
