package io.lakeport.api.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem document: what every error of the API answers, as {@code application/problem+json}.
 * {@code type} is a {@code urn:lakeport:problem:*} URN (listed in the contract's Problem schema);
 * extensions carry what a client can act on (the bad parameters, the SQL position, the retry delay).
 */
public final class Problem extends RuntimeException {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:lakeport:problem:";

  private final String type;
  private final String title;
  private final int status;
  private final Map<String, Object> extensions = new LinkedHashMap<>();
  private Integer retryAfterSeconds;

  public Problem(String type, String title, int status, String detail) {
    super(detail, null, false, false);
    this.type = type;
    this.title = title;
    this.status = status;
  }

  public static Problem badRequest(String detail) {
    return new Problem("invalid-request", "Invalid request", 400, detail);
  }

  public static Problem notFound(String detail) {
    return new Problem("not-found", "Not found", 404, detail);
  }

  public static Problem conflict(String detail) {
    return new Problem("conflict", "Conflict", 409, detail);
  }

  public Problem with(String name, Object value) {
    extensions.put(name, value);
    return this;
  }

  public Problem retryAfter(int seconds) {
    this.retryAfterSeconds = seconds;
    return with("retryAfterSeconds", seconds);
  }

  public String type() {
    return TYPE_PREFIX + type;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, Object> extensions() {
    return Map.copyOf(extensions);
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", type())
        .put("title", title)
        .put("status", status);
    if (getMessage() != null) {
      json.put("detail", getMessage());
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    extensions.forEach(json::put);
    return json;
  }

  /** Answers the request with this problem; {@code instance} is the request path (never the query string). */
  public Future<Void> send(RoutingContext rc) {
    if (rc.response().headWritten()) {
      // Too late for a status line (a stream was already going): end what was started.
      return rc.response().ended() ? Future.succeededFuture() : rc.response().end();
    }
    rc.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE);
    if (retryAfterSeconds != null) {
      rc.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
    return rc.response().end(toJson(rc.request().path()).encode());
  }
}
