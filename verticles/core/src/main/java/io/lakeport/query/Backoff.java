package io.lakeport.query;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponentially growing delays with a ceiling: attempt 0 waits {@code first}, each next one {@code factor}
 * times longer, never more than {@code max}. With {@code jitter}, each delay is drawn from its upper half, so
 * many callers throttled at once do not come back at once.
 */
public record Backoff(Duration first, double factor, Duration max, boolean jitter) {

  /** Polling a query: a first look well under 100 ms (most API queries end fast), growing to 2 s. */
  public static final Backoff POLL = new Backoff(Duration.ofMillis(25), 2.0, Duration.ofSeconds(2), false);

  /**
   * Polling an engine whose status call itself waits for news (Trino long-polls each {@code nextUri} request
   * for up to a second): the next call follows at once (1 ms) after a call that brought news, since any pause
   * there is time added to the query's own, and the pause grows only while calls come back without news, so
   * an engine that answers at once is never asked in a tight loop; a finished query is noticed within 200 ms.
   */
  public static final Backoff LONG_POLL = new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(200), false);

  /** Repeating a call the engine throttled: 200 ms, growing to 5 s, jittered. */
  public static final Backoff THROTTLED = new Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), true);

  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || factor < 1.0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max and factor >= 1");
    }
  }

  /** The delay before attempt {@code attempt} (0-based), in milliseconds, at least 1. */
  public long delayMillis(int attempt) {
    double grown = first.toMillis() * Math.pow(factor, Math.max(0, attempt));
    long capped = (long) Math.min(max.toMillis(), grown);
    if (jitter) {
      capped = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }
    return Math.max(1, capped);
  }
}
