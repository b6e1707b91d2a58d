package io.lakeport.ops.schedule;

import io.lakeport.run.IngestAddresses;
import io.lakeport.schedule.Schedule;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The upkeep of the Iceberg tables of the sources this process owns, on {@code lake.iceberg.upkeep.schedule}:
 * at each slot it asks for an upkeep of each source on {@link IngestAddresses#UPKEEP}, like any other client,
 * so the coordinator alone decides what runs. A slot that comes while a run (or an upkeep) of the source is
 * going on is skipped for that source; the next slot tries again. No catch-up after a restart: an upkeep
 * missed is done at the next slot, and nothing depends on it having run.
 */
final class UpkeepScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(UpkeepScheduler.class);
  /** The reply comes once the upkeep has ended, which for a large table takes long. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofHours(6);

  private final Vertx vertx;
  private final List<String> sources;
  private final Schedule schedule;
  private final Clock clock;
  private final SlotTimer slots;

  UpkeepScheduler(Vertx vertx, List<String> sources, Schedule schedule, Clock clock) {
    this.vertx = vertx;
    this.sources = List.copyOf(sources);
    this.schedule = schedule;
    this.clock = clock;
    this.slots = new SlotTimer(vertx, schedule, clock, slot -> sources.forEach(s -> trigger(s, "slot " + slot)));
  }

  void start() {
    LOG.info("upkeep of the Iceberg tables of {}: '{}', next slot {}", sources, schedule.text(),
        schedule.next(clock.instant()));
    slots.arm(schedule.next(clock.instant()));
  }

  void stop() {
    slots.stop();
  }

  private void trigger(String source, String why) {
    vertx.eventBus().<JsonObject>request(IngestAddresses.UPKEEP, new JsonObject().put("source", source),
            new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
        .onSuccess(reply -> LOG.info("upkeep of {} ({}): {}", source, why, reply.body().getString("state")))
        .onFailure(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
              && reply.failureCode() == IngestAddresses.CONFLICT) {
            LOG.info("upkeep of {}: {} skipped: {}", source, why, e.getMessage());
          } else {
            LOG.warn("upkeep of {}: {} could not run: {}", source, why, e.getMessage());
          }
        });
  }
}
