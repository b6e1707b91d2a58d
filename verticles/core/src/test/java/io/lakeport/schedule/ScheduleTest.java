package io.lakeport.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

  @ParameterizedTest(name = "{0} after {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      // every minute, strictly after, whole minutes
      "* * * * *          | 2026-11-27T10:15:00Z     | 2026-11-27T10:16:00Z",
      "* * * * *          | 2026-11-27T10:15:59.999Z | 2026-11-27T10:16:00Z",
      "*/15 * * * *       | 2026-11-27T10:15:00Z     | 2026-11-27T10:30:00Z",
      "*/15 * * * *       | 2026-11-27T10:50:00Z     | 2026-11-27T11:00:00Z",
      "5,35 */6 * * *     | 2026-11-27T10:15:00Z     | 2026-11-27T12:05:00Z",
      "0 9-17/4 * * *     | 2026-11-27T13:00:00Z     | 2026-11-27T17:00:00Z",
      "30 2 * * *         | 2026-11-27T03:00:00Z     | 2026-11-28T02:30:00Z",
      // last day of year rolls over month and year
      "0 0 1 1 *          | 2026-11-27T10:15:00Z     | 2027-01-01T00:00:00Z",
      "@yearly            | 2026-11-27T10:15:00Z     | 2027-01-01T00:00:00Z",
      "@hourly            | 2026-11-27T10:15:00Z     | 2026-11-27T11:00:00Z",
      "@daily             | 2026-11-27T10:15:00Z     | 2026-11-28T00:00:00Z",
      // 2026-11-27 is a Friday; the next Monday is the 30th
      "0 8 * * MON        | 2026-11-27T10:15:00Z     | 2026-11-30T08:00:00Z",
      "0 8 * * 1-5        | 2026-11-27T10:15:00Z     | 2026-11-30T08:00:00Z",
      "0 8 * * 7          | 2026-11-27T10:15:00Z     | 2026-11-29T08:00:00Z",
      "0 8 * * sun        | 2026-11-27T10:15:00Z     | 2026-11-29T08:00:00Z",
      "@weekly            | 2026-11-27T10:15:00Z     | 2026-11-29T00:00:00Z",
      // both day fields restricted: either matches (the 1st, or a Monday)
      "0 0 1 * MON        | 2026-11-27T10:15:00Z     | 2026-11-30T00:00:00Z",
      "0 0 1 * MON        | 2026-11-30T10:15:00Z     | 2026-12-01T00:00:00Z",
      // one restricted: both must match; 31st only in months that have one
      "0 0 31 * *         | 2026-11-27T10:15:00Z     | 2026-12-31T00:00:00Z",
      "0 0 29 FEB *       | 2026-11-27T10:15:00Z     | 2028-02-29T00:00:00Z",
      "0 12 * JUN-AUG *   | 2026-11-27T10:15:00Z     | 2027-06-01T12:00:00Z",
      // zone prefix: 09:00 in Madrid is 08:00 UTC in winter
      "CRON_TZ=Europe/Madrid 0 9 * * * | 2026-11-27T10:15:00Z | 2026-11-28T08:00:00Z",
  })
  void cronNextSlot(String expression, String after, String expected) {
    assertThat(Schedule.parse(expression).next(Instant.parse(after))).isEqualTo(Instant.parse(expected));
  }

  @Test
  void aSlotInTheSpringGapRunsShiftedByTheGap() {
    // Europe/Madrid, 2027-03-28: 02:00 local jumps to 03:00; 02:30 does not exist.
    Schedule schedule = Schedule.parse("CRON_TZ=Europe/Madrid 30 2 * * *");
    Instant slot = schedule.next(Instant.parse("2027-03-27T12:00:00Z"));
    assertThat(slot.atZone(ZoneId.of("Europe/Madrid")).toLocalTime()).hasToString("03:30");
  }

  @Test
  void aSlotInTheRepeatedAutumnHourRunsOnce() {
    // Europe/Madrid, 2026-10-25: 03:00 local goes back to 02:00; 02:30 happens twice.
    Schedule schedule = Schedule.parse("CRON_TZ=Europe/Madrid 30 2 * * *");
    List<Instant> slots = slots(schedule, Instant.parse("2026-10-24T12:00:00Z"), 3);
    assertThat(slots).containsExactly(
        Instant.parse("2026-10-25T00:30:00Z"),
        Instant.parse("2026-10-26T01:30:00Z"),
        Instant.parse("2026-10-27T01:30:00Z"));
  }

  @ParameterizedTest(name = "{0} after {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      "every 15m   | 2026-11-27T10:15:00Z     | 2026-11-27T10:30:00Z",
      "every 15m   | 2026-11-27T10:29:59.999Z | 2026-11-27T10:30:00Z",
      "every 2h    | 2026-11-27T10:15:00Z     | 2026-11-27T12:00:00Z",
      "every 1h30m | 2026-11-27T10:15:00Z     | 2026-11-27T10:30:00Z",
      "EVERY 1d    | 2026-11-27T10:15:00Z     | 2026-11-28T00:00:00Z",
      "every 1 h   | 2026-11-27T10:15:00Z     | 2026-11-27T11:00:00Z",
  })
  void intervalNextSlotIsOnAnEpochGrid(String text, String after, String expected) {
    Schedule schedule = Schedule.parse(text);
    assertThat(schedule).isInstanceOf(IntervalSchedule.class);
    assertThat(schedule.next(Instant.parse(after))).isEqualTo(Instant.parse(expected));
  }

  @Test
  void intervalSlotsAreEvenlySpaced() {
    List<Instant> slots = slots(Schedule.parse("every 7m"), Instant.parse("2026-11-27T10:15:00Z"), 4);
    for (int i = 1; i < slots.size(); i++) {
      assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isEqualTo(Duration.ofMinutes(7));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                 | must not be empty",
      "* * * *            | has 4 fields; a cron expression has five",
      "* * * * * *        | has 6 fields",
      "60 * * * *         | minute '60': values must be from 0 to 59",
      "* 24 * * *         | hour '24': values must be from 0 to 23",
      "* * 0 * *          | day-of-month '0': values must be from 1 to 31",
      "* * * 13 *         | month '13': values must be from 1 to 12",
      "* * * * 8          | day-of-week '8': values must be from 0 to 7",
      "* * * FOO *        | month 'FOO': 'FOO' is not a number or a name (JAN,",
      "*/0 * * * *        | the step must be at least 1",
      "10-5 * * * *       | the range 10-5 goes backwards",
      "1,,2 * * * *       | has an empty list item",
      "0 0 30 2 *         | never fires",
      "@often             | unknown macro '@often'",
      "CRON_TZ=Mars/Olympus 0 0 * * * | unknown time zone 'Mars/Olympus'",
      "every 30s          | is not an interval; expected e.g. 'every 15m'",
      "every 0m           | the interval must be at least 1m",
      "every              | has 1 field",
  })
  void badSchedulesSayWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> Schedule.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 * * *", "@monthly", "every 15m", "CRON_TZ=UTC */5 * * * *"})
  void keepsItsText(String text) {
    assertThat(Schedule.parse("  " + text + " ").text()).isEqualTo(text);
  }

  private static List<Instant> slots(Schedule schedule, Instant from, int count) {
    List<Instant> slots = new ArrayList<>();
    Instant at = from;
    for (int i = 0; i < count; i++) {
      at = schedule.next(at);
      slots.add(at);
    }
    return slots;
  }
}
