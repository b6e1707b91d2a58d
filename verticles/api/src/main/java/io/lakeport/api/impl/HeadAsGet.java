package io.lakeport.api.impl;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * HEAD wherever GET is: a HEAD request is routed again as GET, and the HTTP server sends that answer's
 * status and headers without its body. First of the root handlers, so the access log and the checks see
 * the request once.
 */
final class HeadAsGet implements PlatformHandler {

  private static final String HEAD = "lakeport.head";

  /** Whether the request came as HEAD (after the reroute its method reads GET): a stream must not start. */
  static boolean isHead(RoutingContext rc) {
    return Boolean.TRUE.equals(rc.get(HEAD));
  }

  @Override
  public void handle(RoutingContext rc) {
    if (rc.request().method() == HttpMethod.HEAD) {
      rc.put(HEAD, true);
      rc.reroute(HttpMethod.GET, rc.request().uri());
    } else {
      rc.next();
    }
  }
}
