package io.lakeport.api.impl;

/**
 * A request's API key was refused; the key itself is never part of it (nor of any log). Vert.x's
 * APIKeyHandler answers it with 401, which {@link Problems} turns into the {@code unauthorized} problem.
 */
public final class ApiKeyException extends RuntimeException {

  /** Why the key was refused; each carries the message callers have always seen. */
  public enum Reason {
    /** The request carried no {@code X-API-Key} header. */
    MISSING("no API key"),
    /** The key matches none of {@code api.apiKeys}. */
    UNKNOWN("unknown API key");

    private final String message;

    Reason(String message) {
      this.message = message;
    }
  }

  private final Reason reason;

  public ApiKeyException(Reason reason) {
    super(reason.message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
