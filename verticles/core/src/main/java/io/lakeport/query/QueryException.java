package io.lakeport.query;

/**
 * Why a query could not be answered, in terms a caller can act on: its {@link Kind} decides the HTTP status.
 * Subtypes carry more context for one kind of failure ({@link QueryRejectedException},
 * {@link PageNotKeptException}).
 */
public sealed class QueryException extends RuntimeException permits QueryRejectedException, PageNotKeptException {

  public enum Kind {
    /** The statement is wrong (syntax, unknown table or column, refused statement kind): HTTP 400. */
    INVALID_QUERY(400),
    /** No such execution (unknown or expired id): HTTP 404. */
    NOT_FOUND(404),
    /** The concurrency limit and its queue are full, or the engine throttles: HTTP 429. */
    OVERLOADED(429),
    /** The engine failed while running a valid statement: HTTP 502. */
    ENGINE_FAILED(502),
    /** The engine cannot be reached or is not ready: HTTP 503. */
    ENGINE_UNAVAILABLE(503),
    /** The query ran past its timeout and was cancelled: HTTP 504. */
    TIMEOUT(504),
    /** The execution was cancelled: HTTP 409 when its results are asked for. */
    CANCELLED(409),
    /** The rows asked for were read and are no longer kept (a result larger than its spool): HTTP 410. */
    GONE(410);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;

  public QueryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public QueryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
