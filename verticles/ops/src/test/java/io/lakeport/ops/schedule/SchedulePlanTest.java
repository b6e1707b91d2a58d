package io.lakeport.ops.schedule;

import io.lakeport.schedule.Schedule;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The catch-up policy: at most one immediate run when a slot passed since the last run started. */
class SchedulePlanTest {

  private static final Schedule HOURLY = Schedule.parse("0 * * * *");
  private static final Instant NOW = Instant.parse("2026-11-27T10:20:00Z");

  @Test
  void aSourceThatNeverRanWaitsForItsNextSlot() {
    assertThat(SchedulePlan.at(HOURLY, null, NOW))
        .isEqualTo(new SchedulePlan(false, Instant.parse("2026-11-27T11:00:00Z")));
  }

  @Test
  void noSlotSinceTheLastRunMeansNoCatchUp() {
    // Last run at 10:00:03 (the 10:00 slot); the next slot, 11:00, has not come.
    assertThat(SchedulePlan.at(HOURLY, Instant.parse("2026-11-27T10:00:03Z"), NOW).catchUpNow()).isFalse();
  }

  @Test
  void oneMissedSlotMeansOneRunNow() {
    // Last run at 09:00:02; the 10:00 slot passed while the process was down.
    SchedulePlan plan = SchedulePlan.at(HOURLY, Instant.parse("2026-11-27T09:00:02Z"), NOW);
    assertThat(plan).isEqualTo(new SchedulePlan(true, Instant.parse("2026-11-27T11:00:00Z")));
  }

  @Test
  void manyMissedSlotsStillMeanOneRunNow() {
    SchedulePlan plan = SchedulePlan.at(HOURLY, Instant.parse("2026-11-20T09:00:00Z"), NOW);
    assertThat(plan.catchUpNow()).isTrue();
    assertThat(plan.nextSlot()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
  }

  @Test
  void aManualRunAfterTheMissedSlotCountsAsTheLastRun() {
    // The 10:00 slot was missed, but someone ran the source by hand at 10:05.
    assertThat(SchedulePlan.at(HOURLY, Instant.parse("2026-11-27T10:05:00Z"), NOW).catchUpNow()).isFalse();
  }

  @Test
  void aSlotExactlyNowCountsAsMissed() {
    assertThat(SchedulePlan.at(HOURLY, Instant.parse("2026-11-27T09:30:00Z"), Instant.parse("2026-11-27T10:00:00Z"))
        .catchUpNow()).isTrue();
  }
}
