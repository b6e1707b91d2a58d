package io.lakeport.api.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * {@code GET /metrics}: the process's Micrometer registry (the one Vert.x metrics are configured with) in
 * the Prometheus text format, or 503 when metrics are disabled or not backed by Prometheus.
 */
public final class MetricsHandler implements Handler<RoutingContext> {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  @Override
  public void handle(RoutingContext rc) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      new Problem("metrics-disabled", "Metrics are disabled", 503, registry == null
          ? "this process runs without metrics (Vert.x Micrometer metrics are not enabled)"
          : "the metrics registry is not a Prometheus registry").send(rc);
      return;
    }
    // Scraping walks every meter: off the event loop.
    rc.vertx().executeBlocking(prometheus::scrape, false)
        .onSuccess(text -> rc.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
        .onFailure(e -> Responses.fail(rc, e));
  }
}
