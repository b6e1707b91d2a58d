package io.lakeport.query;

/**
 * @param error the engine's reason when FAILED (or CANCELLED), else null
 * @param errorType engine's error class (e.g. Trino's USER_ERROR, Athena's error category), or null
 */
public record QueryStatus(String queryId, QueryState state, String error, String errorType, QueryStats stats) {
}
