package io.lakeport.query;

import java.time.Instant;

/**
 * A query submitted through the {@link QueryService}: Lakeport's own id (stable across retries), the
 * engine's id once it has one, and where it stands. {@code rowCount} is the number of result rows once known
 * (the query service has read the result to its end, see {@code ResultSpool}, or the result came from the
 * cache), else null.
 */
public record QueryExecution(String id, String engineQueryId, String sql, QueryState state, String error,
                             QueryStats stats, Instant submittedAt, Instant endedAt, boolean cached, Long rowCount) {
}
