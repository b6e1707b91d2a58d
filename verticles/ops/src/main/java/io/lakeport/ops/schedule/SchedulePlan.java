package io.lakeport.ops.schedule;

import io.lakeport.schedule.Schedule;
import java.time.Instant;

/**
 * What the scheduler does for one source when it starts, and after each slot.
 *
 * <p>Catch-up policy: a process that was down (or not yet deployed) when a slot came runs the source
 * <em>once</em> right away if at least one slot fell between the start of the source's last run (any run,
 * scheduled or not, read from the run history) and now; however many slots were missed, there is one
 * catch-up run. A source that has never run waits for its next slot. Then the runs follow the slots.
 *
 * @param catchUpNow whether a slot was missed since the last run
 * @param nextSlot   the first slot after now
 */
record SchedulePlan(boolean catchUpNow, Instant nextSlot) {

  static SchedulePlan at(Schedule schedule, Instant lastRunStart, Instant now) {
    boolean missed = false;
    if (lastRunStart != null) {
      Instant slotAfterLastRun = schedule.next(lastRunStart);
      missed = slotAfterLastRun != null && !slotAfterLastRun.isAfter(now);
    }
    return new SchedulePlan(missed, schedule.next(now));
  }
}
