package io.lakeport.api.impl;

import io.lakeport.catalog.Catalog;
import io.lakeport.query.QueryService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: healthy when the engine answers and the lake's catalog can be read, else 503 with
 * the same document saying which part is not ready. Each check is bounded by a short timeout so the answer
 * is prompt even when the engine hangs; concurrent requests share one check in flight, so a burst of
 * health probes costs the engine one round trip.
 */
public final class HealthHandler implements Handler<RoutingContext> {

  private final QueryService queries;
  private final Catalog catalog;
  private final String engineName;
  private final String schema;
  private final long timeoutMillis;
  private Future<JsonObject> inFlight;

  public HealthHandler(QueryService queries, Catalog catalog, String engineName, String schema, Duration timeout) {
    this.queries = queries;
    this.catalog = catalog;
    this.engineName = engineName;
    this.schema = schema;
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public void handle(RoutingContext rc) {
    check().onComplete(done -> {
      JsonObject health = done.succeeded() ? done.result() : unhealthy(done.cause());
      Responses.json(rc, "healthy".equals(health.getString("status")) ? 200 : 503, health);
    });
  }

  Future<JsonObject> check() {
    if (inFlight != null) {
      return inFlight;
    }
    Future<JsonObject> engine = queries.ready()
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(ready -> ready
            ? new JsonObject().put("ready", true).put("name", engineName)
            : new JsonObject().put("ready", false).put("name", engineName).put("detail", "the engine does not answer"))
        .recover(e -> Future.succeededFuture(new JsonObject().put("ready", false).put("name", engineName)
            .put("detail", "the engine did not answer within " + timeoutMillis + " ms")));
    Future<JsonObject> lake = catalog.tables()
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(tables -> new JsonObject().put("ready", true).put("name", schema).put("tables", tables.size()))
        .recover(e -> Future.succeededFuture(new JsonObject().put("ready", false).put("name", schema)
            .put("detail", "the catalog cannot be read: " + Problems.from(e).detail())));
    Future<JsonObject> check = Future.all(engine, lake).map(all -> {
      JsonObject e = engine.result();
      JsonObject l = lake.result();
      boolean healthy = e.getBoolean("ready") && l.getBoolean("ready");
      return new JsonObject().put("status", healthy ? "healthy" : "unhealthy").put("engine", e).put("lake", l);
    });
    inFlight = check;
    // Set before clearing: a check that completed at once must not stay cached.
    check.onComplete(done -> {
      if (inFlight == check) {
        inFlight = null;
      }
    });
    return check;
  }

  private JsonObject unhealthy(Throwable cause) {
    return new JsonObject().put("status", "unhealthy")
        .put("engine", new JsonObject().put("ready", false).put("name", engineName).put("detail", String.valueOf(cause)))
        .put("lake", new JsonObject().put("ready", false).put("name", schema).put("detail", String.valueOf(cause)));
  }
}
