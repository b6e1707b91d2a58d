package io.lakeport.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code every 15m}: slots every {@code period}, on a grid counted from the Unix epoch (UTC), so that the
 * slots are the same whenever the process started. Units: {@code m} (minutes), {@code h} (hours),
 * {@code d} (days), combinable ({@code every 1h30m}); at least one minute.
 */
public record IntervalSchedule(String text, Duration period) implements Schedule {

  private static final Pattern WHOLE = Pattern.compile("every\\s+((?:\\d+\\s*[mhd]\\s*)+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([mhd])", Pattern.CASE_INSENSITIVE);

  public IntervalSchedule {
    if (period.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("'" + text + "': the interval must be at least 1m");
    }
  }

  static IntervalSchedule parse(String text) {
    Matcher whole = WHOLE.matcher(text.strip());
    if (!whole.matches()) {
      throw new IllegalArgumentException("'" + text
          + "' is not an interval; expected e.g. 'every 15m', 'every 2h', 'every 1h30m' or 'every 1d'");
    }
    Duration period = Duration.ZERO;
    Matcher part = PART.matcher(whole.group(1));
    while (part.find()) {
      long amount;
      try {
        amount = Long.parseLong(part.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': " + part.group(1) + " is too large");
      }
      if (amount > 100_000) {
        throw new IllegalArgumentException("'" + text + "': " + amount + " is too large");
      }
      period = period.plus(switch (part.group(2).toLowerCase(Locale.ROOT)) {
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    return new IntervalSchedule(text.strip(), period);
  }

  @Override
  public Instant next(Instant after) {
    long periodMillis = period.toMillis();
    long slot = Math.floorDiv(after.toEpochMilli(), periodMillis) * periodMillis + periodMillis;
    return Instant.ofEpochMilli(slot);
  }
}
