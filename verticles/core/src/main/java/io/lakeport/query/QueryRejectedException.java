package io.lakeport.query;

/**
 * {@link QueryAdmission} refused a query before it reached the engine: the engine's slots and the queue in
 * front of them are full (OVERLOADED, HTTP 429: try again shortly), or the service is closed
 * (ENGINE_UNAVAILABLE, HTTP 503). Carries what the decision was made on.
 */
public final class QueryRejectedException extends QueryException {

  /** Why the query was refused. */
  public enum Reason {
    /** Every slot is held and the queue is full. */
    FULL(Kind.OVERLOADED),
    /** The query service is closing or closed. */
    CLOSED(Kind.ENGINE_UNAVAILABLE);

    private final Kind kind;

    Reason(Kind kind) {
      this.kind = kind;
    }
  }

  private final Reason reason;
  private final String engine;
  private final int running;
  private final int waiting;

  public QueryRejectedException(Reason reason, String engine, int running, int waiting) {
    super(reason.kind, switch (reason) {
      case FULL -> running + " queries are running on " + engine + " and " + waiting
          + " are waiting, the most allowed; try again later";
      case CLOSED -> "the query service for " + engine + " is closed";
    });
    this.reason = reason;
    this.engine = engine;
    this.running = running;
    this.waiting = waiting;
  }

  public Reason reason() {
    return reason;
  }

  public String engine() {
    return engine;
  }

  /** Queries holding a slot when this one was refused. */
  public int running() {
    return running;
  }

  /** Queries waiting for a slot when this one was refused. */
  public int waiting() {
    return waiting;
  }
}
