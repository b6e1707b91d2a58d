package io.lakeport.query;

import java.time.Duration;

/**
 * @param timeout   how long the query may take in the engine before it is cancelled
 * @param cacheable whether an identical earlier result may be answered (read-only, deterministic queries)
 */
public record QueryOptions(Duration timeout, boolean cacheable) {
}
