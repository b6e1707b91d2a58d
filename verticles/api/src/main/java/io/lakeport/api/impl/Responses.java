package io.lakeport.api.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How handlers answer: JSON bodies, and any failure as a problem document. */
public final class Responses {

  private Responses() {
  }

  public static Future<Void> json(RoutingContext rc, int status, JsonObject body) {
    return rc.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  public static Future<Void> ok(RoutingContext rc, JsonObject body) {
    return json(rc, 200, body);
  }

  /** Answers {@code failure} as its problem document (see {@link Problems}). */
  public static void fail(RoutingContext rc, Throwable failure) {
    Problem problem = Problems.from(failure);
    if (problem.status() >= 500 && "urn:lakeport:problem:internal".equals(problem.type())) {
      // The client gets a generic detail; the log gets the cause.
      ApiLog.LOG.error("{} {} failed", rc.request().method(), rc.request().path(), failure);
    }
    problem.send(rc);
  }
}
