package io.lakeport.query;

/**
 * @param error the engine's reason when FAILED (or CANCELLED), else null
 * @param errorType engine's error class (e.g. Trino's USER_ERROR, Athena's error category), or null;
 *                  {@link #USER_ERROR} marks a failure caused by the statement itself
 */
public record QueryStatus(String queryId, QueryState state, String error, String errorType, QueryStats stats) {

  /**
   * The error type every adapter reports when the statement itself is at fault (syntax, unknown table,
   * bad cast, division by zero): Trino's own USER_ERROR, and Athena's error category 2 (USER). The query
   * service answers such failures as {@link QueryException.Kind#INVALID_QUERY} (HTTP 400), any other
   * failure as {@link QueryException.Kind#ENGINE_FAILED} (HTTP 502).
   */
  public static final String USER_ERROR = "USER_ERROR";

  /** Whether a FAILED query failed because of its statement rather than the engine. */
  public boolean userError() {
    return USER_ERROR.equals(errorType);
  }
}
