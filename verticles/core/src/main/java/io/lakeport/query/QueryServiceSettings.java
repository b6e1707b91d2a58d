package io.lakeport.query;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.config.LakeportConfig.EngineKind;

import java.time.Duration;

/**
 * Every setting of an {@link EngineQueryService}, in one place: the configuration key each comes from (under
 * {@code engine.}, validated and defaulted by {@link EngineConfig}, whose {@code DEFAULT_*} constants are the
 * documented defaults), and the two backoffs, which follow from the engine's kind.
 *
 * @param maxConcurrent       {@code engine.maxConcurrent}: queries in the engine at once, the engine's own queue
 *                            included ({@link QueryAdmission})
 * @param queueSize           {@code engine.queueSize}: queries waiting here for a slot; past that, 429
 * @param defaultTimeout      {@code engine.queryTimeoutSeconds}: the timeout of queries whose options name none
 * @param cacheTtl            {@code engine.cacheSeconds}: how long a complete result is answered again; zero turns
 *                            the cache off ({@link QueryCache})
 * @param cacheMaxRows        {@code engine.cacheMaxRows}: larger results are not cached
 * @param cacheMaxEntries     {@code engine.cacheMaxEntries}: results kept at most, the oldest dropped first
 * @param abandonAfter        {@code engine.abandonAfterSeconds}: how long an execution nobody asks about is kept
 *                            (and, if running, run)
 * @param pollBackoff         the pauses between status polls ({@link QueryExecutor}): {@link Backoff#LONG_POLL} for
 *                            Trino, whose status call long-polls, else {@link Backoff#POLL}
 * @param throttleBackoff     the pauses before a throttled submit is repeated: {@link Backoff#THROTTLED}
 * @param maxUnreachablePolls {@code engine.maxUnreachablePolls}: failed polls in a row (engine unreachable) a
 *                            running query survives
 * @param resultSpoolMaxRows  {@code engine.resultSpoolMaxRows}: rows of a SUCCEEDED execution kept so that its
 *                            pages can be read again ({@link ResultSpool}); a larger result is read forward,
 *                            its oldest rows let go
 */
public record QueryServiceSettings(int maxConcurrent, int queueSize, Duration defaultTimeout, Duration cacheTtl,
                                   int cacheMaxRows, int cacheMaxEntries, Duration abandonAfter, Backoff pollBackoff,
                                   Backoff throttleBackoff, int maxUnreachablePolls, int resultSpoolMaxRows) {

  public QueryServiceSettings {
    if (maxConcurrent < 1 || queueSize < 0) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1 and queueSize at least 0");
    }
    if (resultSpoolMaxRows < 0) {
      throw new IllegalArgumentException("resultSpoolMaxRows must be at least 0, got " + resultSpoolMaxRows);
    }
  }

  /** The profile's settings. */
  public static QueryServiceSettings of(EngineConfig config) {
    Backoff poll = config.kind() == EngineKind.TRINO ? Backoff.LONG_POLL : Backoff.POLL;
    return new QueryServiceSettings(config.maxConcurrent(), config.queueSize(),
        Duration.ofSeconds(config.queryTimeoutSeconds()), Duration.ofSeconds(config.cacheSeconds()),
        config.cacheMaxRows(), config.cacheMaxEntries(), Duration.ofSeconds(config.abandonAfterSeconds()), poll,
        Backoff.THROTTLED, config.maxUnreachablePolls(), config.resultSpoolMaxRows());
  }

  public QueryServiceSettings withLimits(int concurrent, int queue) {
    return new QueryServiceSettings(concurrent, queue, defaultTimeout, cacheTtl, cacheMaxRows, cacheMaxEntries,
        abandonAfter, pollBackoff, throttleBackoff, maxUnreachablePolls, resultSpoolMaxRows);
  }

  public QueryServiceSettings withAbandonAfter(Duration after) {
    return new QueryServiceSettings(maxConcurrent, queueSize, defaultTimeout, cacheTtl, cacheMaxRows,
        cacheMaxEntries, after, pollBackoff, throttleBackoff, maxUnreachablePolls, resultSpoolMaxRows);
  }

  public QueryServiceSettings withCacheTtl(Duration ttl) {
    return new QueryServiceSettings(maxConcurrent, queueSize, defaultTimeout, ttl, cacheMaxRows, cacheMaxEntries,
        abandonAfter, pollBackoff, throttleBackoff, maxUnreachablePolls, resultSpoolMaxRows);
  }

  public QueryServiceSettings withResultSpoolMaxRows(int rows) {
    return new QueryServiceSettings(maxConcurrent, queueSize, defaultTimeout, cacheTtl, cacheMaxRows, cacheMaxEntries,
        abandonAfter, pollBackoff, throttleBackoff, maxUnreachablePolls, rows);
  }
}
