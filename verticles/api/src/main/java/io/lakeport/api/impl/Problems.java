package io.lakeport.api.impl;

import io.lakeport.run.IngestAddresses;
import io.lakeport.query.QueryException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.handler.HttpException;

import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

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
      return lakeNotReady("the table or columns", safe(e.getMessage()));
    }
    return from(failure);
  }

  /** 503: the lake does not hold {@code what} an endpoint of the API's own reads; {@code reason} may be null. */
  static Problem lakeNotReady(String what, String reason) {
    return new Problem("lake-not-ready", "The lake is not ready", 503,
        "the lake does not hold " + what + " this endpoint reads (not ingested yet?)"
            + (reason == null ? "" : ": " + reason))
        .retryAfter(UNAVAILABLE_RETRY_SECONDS);
  }

  static Problem fromQuery(QueryException e) {
    String detail = safe(e.getMessage());
    if (e.kind() == QueryException.Kind.ENGINE_FAILED || e.kind() == QueryException.Kind.ENGINE_UNAVAILABLE) {
      ApiLog.LOG.warn("engine failure answered as a problem: {}", e.getMessage());
    }
    return switch (e.kind()) {
      case INVALID_QUERY -> new Problem("invalid-query", "Invalid query", 400, detail);
      case NOT_FOUND -> Problem.notFound(detail);
      case OVERLOADED -> new Problem("overloaded", "Too many queries", 429, detail)
          .retryAfter(OVERLOADED_RETRY_SECONDS);
      case ENGINE_FAILED -> new Problem("engine-failed", "The engine failed", 502, detail);
      case ENGINE_UNAVAILABLE -> new Problem("engine-unavailable", "The engine is unavailable", 503, detail)
          .retryAfter(UNAVAILABLE_RETRY_SECONDS);
      case TIMEOUT -> new Problem("timeout", "The query timed out", 504, detail);
      case CANCELLED -> new Problem("conflict", "The query was cancelled", 409, detail);
      case GONE -> new Problem("page-not-kept", "The page is no longer kept", 410, detail);
    };
  }

  private static final Pattern ENGINE_CODE = Pattern.compile("^(?:[A-Z][A-Z0-9_]{2,}: )+");
  private static final Pattern URI = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
  private static final Pattern ADDRESS = Pattern.compile(
      "\\b(?:\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?|localhost(?::\\d{1,5})?|[a-zA-Z][\\w.-]*:\\d{2,5})\\b");
  private static final Pattern JAVA_TYPE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

  /**
   * An engine's (or a remote group's) message as it may reach a client: its first line only (no stack
   * trace), without the engine's error-code prefix ({@code SYNTAX_ERROR: }), Java exception type names,
   * URIs or host addresses. What a syntax error says about its position and text stays.
   */
  static String safe(String message) {
    if (message == null) {
      return null;
    }
    String text = message.strip();
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline).strip();
    }
    text = ENGINE_CODE.matcher(text).replaceFirst("");
    text = URI.matcher(text).replaceAll("(address hidden)");
    text = ADDRESS.matcher(text).replaceAll("(address hidden)");
    text = JAVA_TYPE.matcher(text).replaceAll("");
    return text.isBlank() ? "the engine gave no reason" : text;
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
            "the ingest group failed: " + safe(e.getMessage()));
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
