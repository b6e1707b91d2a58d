package io.lakeport.api.impl;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

/**
 * One access-log line per request: method, path, status, bytes, milliseconds and the API key's position
 * ({@code key-N}). Never headers (the API key travels in one) nor the query string.
 */
public final class RequestLog implements PlatformHandler {

  @Override
  public void handle(RoutingContext rc) {
    long start = System.nanoTime();
    rc.addBodyEndHandler(v -> {
      if (!ApiLog.ACCESS.isInfoEnabled()) {
        return;
      }
      User user = rc.user();
      ApiLog.ACCESS.info("{} {} {} {}B {}ms{}", rc.request().method(), rc.request().path(),
          rc.response().getStatusCode(), rc.response().bytesWritten(), (System.nanoTime() - start) / 1_000_000,
          user == null ? "" : " " + user.subject());
    });
    rc.next();
  }
}
