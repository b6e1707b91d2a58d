package io.lakeport.ops.schedule;

import io.lakeport.schedule.Schedule;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Calls back at each slot of a {@link Schedule}, one after another, until stopped. A timer that fires early
 * (clock adjustments) is re-armed for the same slot; after a slot the next one is counted from the time it
 * actually fired, so slots missed while the callback or the machine was slow are not replayed.
 */
final class SlotTimer {

  private final Vertx vertx;
  private final Schedule schedule;
  private final Clock clock;
  private final Consumer<Instant> onSlot;
  private long timer = -1;
  private boolean stopped;

  SlotTimer(Vertx vertx, Schedule schedule, Clock clock, Consumer<Instant> onSlot) {
    this.vertx = vertx;
    this.schedule = schedule;
    this.clock = clock;
    this.onSlot = onSlot;
  }

  /** Arms {@code slot} (null: the schedule has no more slots; nothing is armed). */
  void arm(Instant slot) {
    if (stopped || slot == null) {
      return;
    }
    long delay = Math.max(1, Duration.between(clock.instant(), slot).toMillis());
    timer = vertx.setTimer(delay, id -> fire(slot));
  }

  boolean stopped() {
    return stopped;
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void fire(Instant slot) {
    if (stopped) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(slot)) {
      arm(slot);
      return;
    }
    onSlot.accept(slot);
    arm(schedule.next(now));
  }
}
