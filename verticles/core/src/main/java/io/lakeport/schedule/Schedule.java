package io.lakeport.schedule;

import java.time.Instant;
import java.util.Locale;

/**
 * When a source is ingested on its own ({@code sources.X.schedule}). Two forms:
 * <ul>
 *   <li>a five-field cron expression, {@code minute hour day-of-month month day-of-week}, evaluated in UTC
 *       unless prefixed with {@code CRON_TZ=Area/City}; or one of {@code @hourly}, {@code @daily},
 *       {@code @weekly}, {@code @monthly}, {@code @yearly} ({@link CronSchedule});</li>
 *   <li>{@code every 15m}, {@code every 2h}, {@code every 1h30m}, {@code every 1d}: slots on a fixed grid
 *       counted from the Unix epoch in UTC, so {@code every 15m} fires at :00, :15, :30 and :45
 *       ({@link IntervalSchedule}).</li>
 * </ul>
 * Both name slots on a grid that does not depend on when the process started, which is what lets the
 * scheduler tell after a restart whether a slot was missed.
 */
public sealed interface Schedule permits CronSchedule, IntervalSchedule {

  /** The first slot strictly after {@code after}. */
  Instant next(Instant after);

  /** The text the schedule was parsed from. */
  String text();

  /**
   * @throws IllegalArgumentException with a message that says what is wrong, fit for a configuration error
   */
  static Schedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a schedule must not be empty");
    }
    String trimmed = text.strip();
    if (trimmed.toLowerCase(Locale.ROOT).startsWith("every ")) {
      return IntervalSchedule.parse(trimmed);
    }
    return CronSchedule.parse(trimmed);
  }
}
