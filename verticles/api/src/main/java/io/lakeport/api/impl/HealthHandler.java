package io.lakeport.api.impl;

import io.lakeport.catalog.Catalog;
import io.lakeport.query.QueryService;
import io.lakeport.store.StoreProbe;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The health endpoints, all open (probes carry no key):
 * <ul>
 *   <li>{@code GET /health/live}: the process answers HTTP; nothing else is checked.</li>
 *   <li>{@code GET /health/ready}: the engine answers, the lake's catalog can be read and the store holds
 *   the lake's buckets, per component {@code up}/{@code down} and nothing else; with a valid
 *   {@code X-API-Key} also the details (engine name, schema, table count, buckets checked).</li>
 *   <li>{@code GET /health}: the seed's document ({@code healthy}/{@code unhealthy}, engine, lake).</li>
 * </ul>
 * No answer carries an engine URI, host, SQL text, version or a failure's own message: the cause of a
 * failed check goes to the log, the client gets a fixed sentence. Each check is bounded by a short
 * timeout so the answer is prompt even when the engine hangs; concurrent requests share one check in
 * flight, so a burst of probes costs the engine one round trip.
 */
public final class HealthHandler {

  /** One check of the components; the {@code *Detail} are fixed, safe sentences. */
  record Check(boolean engineUp, String engineDetail, boolean lakeUp, Integer tables, String lakeDetail,
               boolean storeUp, String storeDetail) {
    boolean up() {
      return engineUp && lakeUp && storeUp;
    }
  }

  private final QueryService queries;
  private final Catalog catalog;
  private final String engineName;
  private final String schema;
  private final long timeoutMillis;
  private final ApiKeys keys;
  private final StoreProbe store;
  private Future<Check> inFlight;

  /** @param keys the configured API keys, or null: then readiness never shows details */
  public HealthHandler(QueryService queries, Catalog catalog, StoreProbe store, String engineName, String schema,
                       Duration timeout, ApiKeys keys) {
    this.queries = queries;
    this.catalog = catalog;
    this.store = store;
    this.engineName = engineName;
    this.schema = schema;
    this.timeoutMillis = timeout.toMillis();
    this.keys = keys;
  }

  /** {@code GET /health}. */
  public Handler<RoutingContext> health() {
    return rc -> check().onComplete(done -> {
      Check check = done.succeeded() ? done.result() : failed(done.cause());
      JsonObject engine = engineJson(check).put("ready", check.engineUp());
      // The seed's document has no store: its lake is ready when readers can reach both catalog and objects.
      JsonObject lake = lakeJson(check, "name").put("ready", check.lakeUp() && check.storeUp());
      if (check.lakeUp() && !check.storeUp()) {
        lake.put("detail", check.storeDetail());
      }
      Responses.json(rc, check.up() ? 200 : 503, new JsonObject()
          .put("status", check.up() ? "healthy" : "unhealthy").put("engine", engine).put("lake", lake));
    });
  }

  /** {@code GET /health/live}. */
  public Handler<RoutingContext> live() {
    return rc -> Responses.ok(rc, new JsonObject().put("status", "up"));
  }

  /** {@code GET /health/ready}. */
  public Handler<RoutingContext> ready() {
    return rc -> withDetails(rc).onComplete(details -> check().onComplete(done -> {
      Check check = done.succeeded() ? done.result() : failed(done.cause());
      JsonObject body = new JsonObject()
          .put("status", upDown(check.up()))
          .put("components", new JsonObject()
              .put("engine", upDown(check.engineUp()))
              .put("catalog", upDown(check.lakeUp()))
              .put("store", upDown(check.storeUp())));
      if (Boolean.TRUE.equals(details.result())) {
        JsonObject storeDetails = new JsonObject().put("buckets", store.buckets());
        if (check.storeDetail() != null) {
          storeDetails.put("detail", check.storeDetail());
        }
        body.put("details", new JsonObject().put("engine", engineJson(check)).put("catalog", lakeJson(check, "schema"))
            .put("store", storeDetails));
      }
      Responses.json(rc, check.up() ? 200 : 503, body);
    }));
  }

  private JsonObject engineJson(Check check) {
    JsonObject engine = new JsonObject().put("name", engineName);
    if (check.engineDetail() != null) {
      engine.put("detail", check.engineDetail());
    }
    return engine;
  }

  /** @param schemaKey what the schema's name is under: /health says {@code name}, readiness {@code schema} */
  private JsonObject lakeJson(Check check, String schemaKey) {
    JsonObject lake = new JsonObject().put(schemaKey, schema);
    if (check.tables() != null) {
      lake.put("tables", check.tables());
    }
    if (check.lakeDetail() != null) {
      lake.put("detail", check.lakeDetail());
    }
    return lake;
  }

  /** Whether the request carries one of the configured API keys; never fails. */
  private Future<Boolean> withDetails(RoutingContext rc) {
    String key = rc.request().getHeader("X-API-Key");
    if (keys == null || key == null) {
      return Future.succeededFuture(false);
    }
    return keys.authenticate(new TokenCredentials(key)).map(user -> true).otherwise(false);
  }

  private static String upDown(boolean up) {
    return up ? "up" : "down";
  }

  Future<Check> check() {
    if (inFlight != null) {
      return inFlight;
    }
    Future<String> engine = queries.ready()
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(ready -> ready ? (String) null : "the engine does not answer")
        .recover(e -> {
          ApiLog.LOG.warn("health: the engine did not answer: {}", String.valueOf(e));
          return Future.succeededFuture("the engine did not answer within " + timeoutMillis + " ms");
        });
    Future<Integer> lake = catalog.tables()
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(tables -> tables.size())
        .onFailure(e -> ApiLog.LOG.warn("health: the catalog cannot be read: {}", String.valueOf(e)));
    Future<Void> objects = store.check(Vertx.currentContext())
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .onFailure(e -> ApiLog.LOG.warn("health: the store does not answer for every bucket: {}", String.valueOf(e)));
    Future<Check> check = Future.join(engine, lake, objects).transform(all -> Future.succeededFuture(new Check(
        engine.succeeded() && engine.result() == null, engine.succeeded() ? engine.result() : "the engine does not answer",
        lake.succeeded(), lake.succeeded() ? lake.result() : null,
        lake.succeeded() ? null : "the catalog cannot be read",
        objects.succeeded(), objects.succeeded() ? null : "the store does not answer for every bucket")));
    inFlight = check;
    // Set before clearing: a check that completed at once must not stay cached.
    check.onComplete(done -> {
      if (inFlight == check) {
        inFlight = null;
      }
    });
    return check;
  }

  private static Check failed(Throwable cause) {
    ApiLog.LOG.warn("health check failed: {}", String.valueOf(cause));
    return new Check(false, "the health check failed", false, null, "the health check failed", false,
        "the health check failed");
  }
}
