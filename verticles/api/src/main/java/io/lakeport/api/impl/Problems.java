package io.lakeport.api.impl;

import io.lakeport.ingest.IngestAddresses;
import io.lakeport.query.QueryException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.handler.HttpException;

import java.util.concurrent.TimeoutException;

/** Turns whatever a handler failed with into the problem document the client gets. */
public final class Problems {

  /** How long a client should wait after 429 (a slot frees as soon as one query ends). */
  static final int OVERLOADED_RETRY_SECONDS = 1;
  /** How long a client should wait when the engine or the ingest group is unreachable. */
  static final int UNAVAILABLE_RETRY_SECONDS = 5;

  private Problems() {
  }

  public static Problem from(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof Problem) && !(cause instanceof QueryException)
        && !(cause instanceof ReplyException) && !(cause instanceof HttpException)) {
      cause = cause.getCause();
    }
    return switch (cause) {
      case Problem problem -> problem;
      case QueryException e -> fromQuery(e);
      case ReplyException e -> fromBus(e);
      case HttpException e -> fromHttp(e);
      case TimeoutException e -> new Problem("timeout", "Timed out", 504, e.getMessage());
      default -> new Problem("internal", "Internal server error", 500,
          "The server failed unexpectedly; the server log has the details.");
    };
  }

  /**
   * A failure of a statement the API wrote itself (listings, lookups, dashboard): the engine refusing it
   * means the lake does not hold what the API expects (a table not ingested yet, a column missing), which
   * is the server's state, not the client's mistake: 503, not 400.
   */
  public static Problem fromFixedQuery(Throwable failure) {
    if (failure instanceof QueryException e && e.kind() == QueryException.Kind.INVALID_QUERY) {
      return new Problem("lake-not-ready", "The lake is not ready", 503,
          "the lake does not hold the table or columns this endpoint reads (not ingested yet?): " + e.getMessage())
          .retryAfter(UNAVAILABLE_RETRY_SECONDS);
    }
    return from(failure);
  }

  static Problem fromQuery(QueryException e) {
    return switch (e.kind()) {
      case INVALID_QUERY -> new Problem("invalid-query", "Invalid query", 400, e.getMessage());
      case NOT_FOUND -> Problem.notFound(e.getMessage());
      case OVERLOADED -> new Problem("overloaded", "Too many queries", 429, e.getMessage())
          .retryAfter(OVERLOADED_RETRY_SECONDS);
      case ENGINE_FAILED -> new Problem("engine-failed", "The engine failed", 502, e.getMessage());
      case ENGINE_UNAVAILABLE -> new Problem("engine-unavailable", "The engine is unavailable", 503, e.getMessage())
          .retryAfter(UNAVAILABLE_RETRY_SECONDS);
      case TIMEOUT -> new Problem("timeout", "The query timed out", 504, e.getMessage());
      case CANCELLED -> new Problem("conflict", "The query was cancelled", 409, e.getMessage());
    };
  }

  /** Failures of the ingest event-bus contract ({@link IngestAddresses}). */
  static Problem fromBus(ReplyException e) {
    return switch (e.failureType()) {
      case NO_HANDLERS -> new Problem("ingest-unavailable", "Ingestion is unavailable", 503,
          "no ingest group answers on the event bus (is the ingest group deployed?)")
          .retryAfter(UNAVAILABLE_RETRY_SECONDS);
      case TIMEOUT -> new Problem("ingest-unavailable", "Ingestion is unavailable", 503,
          "the ingest group did not answer in time").retryAfter(UNAVAILABLE_RETRY_SECONDS);
      default -> switch (e.failureCode()) {
        case IngestAddresses.BAD_REQUEST -> Problem.badRequest(e.getMessage());
        case IngestAddresses.NOT_FOUND -> Problem.notFound(e.getMessage());
        case IngestAddresses.CONFLICT -> Problem.conflict(e.getMessage());
        default -> new Problem("internal", "Internal server error", 500,
            "the ingest group failed: " + e.getMessage());
      };
    };
  }

  static Problem fromHttp(HttpException e) {
    int status = e.getStatusCode();
    String payload = e.getPayload();
    return switch (status) {
      case 400 -> Problem.badRequest(payload != null ? payload : "the request is invalid");
      case 401 -> new Problem("unauthorized", "Unauthorized", 401,
          "a valid API key is required in the X-API-Key header");
      case 403 -> new Problem("forbidden", "Forbidden", 403, payload != null ? payload : "forbidden");
      case 404 -> Problem.notFound("no such resource");
      case 405 -> new Problem("method-not-allowed", "Method not allowed", 405, "the resource does not support this method");
      case 413 -> new Problem("payload-too-large", "Payload too large", 413, "the request body is larger than the server accepts");
      case 415 -> Problem.badRequest("unsupported content type; send application/json");
      default -> status >= 500
          ? new Problem("internal", "Internal server error", status, "the server failed unexpectedly")
          : new Problem("invalid-request", "Request refused", status, payload);
    };
  }
}
