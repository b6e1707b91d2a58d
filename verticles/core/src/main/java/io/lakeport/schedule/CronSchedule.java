package io.lakeport.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A five-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field is {@code *}, a number, a range {@code a-b}, a step {@code *}/n, {@code a-b/n} or
 * {@code a/n} (from a to the field's maximum), or a comma-separated list of those. Months accept
 * {@code JAN}-{@code DEC}, days of week {@code SUN}-{@code SAT}, and both 0 and 7 mean Sunday. As in
 * Vixie cron, when both day fields are restricted (neither starts with {@code *}) a day matches if
 * either does. Macros: {@code @hourly}, {@code @daily} (or {@code @midnight}), {@code @weekly},
 * {@code @monthly}, {@code @yearly} (or {@code @annually}).
 *
 * <p>The expression is evaluated in UTC unless it starts with {@code CRON_TZ=Area/City}. A slot that
 * falls in a daylight-saving gap runs shifted by the length of the gap (02:30 becomes 03:30); a slot in a
 * repeated hour runs once, at its first occurrence.
 */
public final class CronSchedule implements Schedule {

  private static final Map<String, String> MACROS = Map.of(
      "@hourly", "0 * * * *",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *",
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *");
  private static final List<String> MONTH_NAMES =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  /** How far {@link #next} looks ahead: far enough for the rarest valid slot, 29 February on a weekday. */
  private static final int SEARCH_YEARS = 30;

  private final String text;
  private final ZoneId zone;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronSchedule(String text, ZoneId zone, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                       BitSet daysOfWeek, boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {
    this.text = text;
    this.zone = zone;
    this.minutes = minutes;
    this.hours = hours;
    this.daysOfMonth = daysOfMonth;
    this.months = months;
    this.daysOfWeek = daysOfWeek;
    this.dayOfMonthRestricted = dayOfMonthRestricted;
    this.dayOfWeekRestricted = dayOfWeekRestricted;
  }

  @Override
  public String text() {
    return text;
  }

  /** The zone the fields are read in: UTC, or the {@code CRON_TZ=} prefix. */
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return text;
  }

  static CronSchedule parse(String text) {
    String expression = text.strip();
    ZoneId zone = ZoneOffset.UTC;
    if (expression.toUpperCase(Locale.ROOT).startsWith("CRON_TZ=")) {
      int space = expression.indexOf(' ');
      String zoneName = expression.substring("CRON_TZ=".length(), space < 0 ? expression.length() : space);
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("'" + text + "': unknown time zone '" + zoneName + "'");
      }
      expression = space < 0 ? "" : expression.substring(space + 1).strip();
    }
    if (expression.startsWith("@")) {
      String macro = MACROS.get(expression.toLowerCase(Locale.ROOT));
      if (macro == null) {
        throw new IllegalArgumentException("'" + text + "': unknown macro '" + expression
            + "'; expected one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually");
      }
      expression = macro;
    }
    String[] fields = expression.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("'" + text + "' has " + fields.length + " field"
          + (fields.length == 1 ? "" : "s") + "; a cron expression has five (minute hour day-of-month month "
          + "day-of-week), e.g. '*/15 * * * *', or use an interval such as 'every 15m'");
    }
    BitSet minutes = field(text, fields[0], "minute", 0, 59, List.of(), 0);
    BitSet hours = field(text, fields[1], "hour", 0, 23, List.of(), 0);
    BitSet daysOfMonth = field(text, fields[2], "day-of-month", 1, 31, List.of(), 0);
    BitSet months = field(text, fields[3], "month", 1, 12, MONTH_NAMES, 1);
    BitSet daysOfWeek = field(text, fields[4], "day-of-week", 0, 7, DAY_NAMES, 0);
    if (daysOfWeek.get(7)) {
      daysOfWeek.set(0);
      daysOfWeek.clear(7);
    }
    CronSchedule schedule = new CronSchedule(text.strip(), zone, minutes, hours, daysOfMonth, months, daysOfWeek,
        !fields[2].startsWith("*"), !fields[4].startsWith("*"));
    if (schedule.next(Instant.EPOCH.plus(365L * 30, ChronoUnit.DAYS)) == null) {
      throw new IllegalArgumentException("'" + text + "' never fires (no such day in any month it names)");
    }
    return schedule;
  }

  private static BitSet field(String text, String field, String name, int min, int max, List<String> names,
                              int firstName) {
    BitSet bits = new BitSet(max + 1);
    for (String element : field.split(",", -1)) {
      String where = "'" + text + "': " + name + " '" + field + "'";
      if (element.isEmpty()) {
        throw new IllegalArgumentException(where + " has an empty list item");
      }
      String range = element;
      int step = 1;
      int slash = element.indexOf('/');
      if (slash >= 0) {
        range = element.substring(0, slash);
        step = number(element.substring(slash + 1), where, List.of(), 0);
        if (step < 1) {
          throw new IllegalArgumentException(where + ": the step must be at least 1");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-', 1);
        from = number(dash < 0 ? range : range.substring(0, dash), where, names, firstName);
        to = dash < 0 ? (slash >= 0 ? max : from) : number(range.substring(dash + 1), where, names, firstName);
      }
      if (from < min || from > max || to < min || to > max) {
        throw new IllegalArgumentException(where + ": values must be from " + min + " to " + max);
      }
      if (from > to) {
        throw new IllegalArgumentException(where + ": the range " + from + "-" + to + " goes backwards");
      }
      for (int value = from; value <= to; value += step) {
        bits.set(value);
      }
    }
    return bits;
  }

  private static int number(String text, String where, List<String> names, int firstName) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + firstName;
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(where + ": '" + text + "' is not a number"
          + (names.isEmpty() ? "" : " or a name (" + String.join(", ", names) + ")"));
    }
    return Integer.parseInt(text);
  }

  /** The first slot strictly after {@code after}, or null if there is none within 30 years. */
  @Override
  public Instant next(Instant after) {
    LocalDateTime time = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDateTime limit = time.plusYears(SEARCH_YEARS);
    while (time.isBefore(limit)) {
      if (!months.get(time.getMonthValue())) {
        time = time.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(time.toLocalDate())) {
        time = time.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.get(time.getHour())) {
        time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(time.getMinute())) {
        time = time.plusMinutes(1);
      } else {
        Instant slot = time.atZone(zone).toInstant();
        if (slot.isAfter(after)) {
          return slot;
        }
        // The second pass through a repeated (daylight-saving) hour: that slot already ran.
        time = time.plusMinutes(1);
      }
    }
    return null;
  }

  private boolean dayMatches(LocalDate date) {
    boolean dayOfMonth = daysOfMonth.get(date.getDayOfMonth());
    boolean dayOfWeek = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return dayOfMonth || dayOfWeek;
    }
    return dayOfMonth && dayOfWeek;
  }
}
