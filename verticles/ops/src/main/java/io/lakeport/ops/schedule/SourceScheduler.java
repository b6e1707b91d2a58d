package io.lakeport.ops.schedule;

import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.schedule.Schedule;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs one source on its {@code schedule}: asks for a run on {@link IngestAddresses#START} at each slot,
 * like any other client, so the coordinator alone decides what runs. A slot that comes while a run of
 * the source is going on is skipped (the coordinator answers {@link IngestAddresses#CONFLICT}); runs never
 * overlap. At start it reads the source's last run from {@link IngestAddresses#RUNS} to apply the
 * {@link SchedulePlan catch-up policy}.
 */
final class SourceScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(SourceScheduler.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The coordinator may still be starting (or joining the cluster): ask for the history a few times. */
  private static final int HISTORY_ATTEMPTS = 5;
  private static final long HISTORY_RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final SourceConfig source;
  private final Schedule schedule;
  private final Clock clock;
  private final SlotTimer slots;

  SourceScheduler(Vertx vertx, SourceConfig source, Clock clock) {
    this.vertx = vertx;
    this.source = source;
    this.schedule = source.schedule();
    this.clock = clock;
    this.slots = new SlotTimer(vertx, schedule, clock, slot -> trigger("slot " + slot));
  }

  /** Arms the first slot; the history lookup and any catch-up run happen in the background. */
  void start() {
    lastRunStart(1)
        .recover(e -> {
          LOG.warn("schedule of {}: cannot read its run history ({}); no catch-up run", source.name(), e.getMessage());
          return Future.succeededFuture(null);
        })
        .onSuccess(lastStart -> {
          if (slots.stopped()) {
            return;
          }
          Instant now = clock.instant();
          SchedulePlan plan = SchedulePlan.at(schedule, lastStart, now);
          LOG.info("schedule of {}: '{}' ({} runs), last run started {}, next slot {}", source.name(), schedule.text(),
              source.scheduleMode().wire(), lastStart == null ? "never" : lastStart, plan.nextSlot());
          if (plan.catchUpNow()) {
            LOG.info("schedule of {}: a slot passed since the last run ({}); catching up with one run now",
                source.name(), lastStart);
            trigger("catch-up");
          }
          slots.arm(plan.nextSlot());
        });
  }

  void stop() {
    slots.stop();
  }

  private void trigger(String why) {
    IngestRequest request = new IngestRequest(source.name(), List.of(), source.scheduleMode());
    vertx.eventBus().<JsonObject>request(IngestAddresses.START, request.toJson(),
            new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
        .onSuccess(reply -> {
          String runId = reply.body().getString("runId");
          try (var ignored = MDC.putCloseable("runId", runId)) {
            LOG.info("schedule of {}: run {} started ({})", source.name(), runId, why);
          }
          LakeportMetrics.current().scheduleTrigger(source.name(), "started");
        })
        .onFailure(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
              && reply.failureCode() == IngestAddresses.CONFLICT) {
            LOG.info("schedule of {}: {} skipped, a run of the source is going on: {}", source.name(), why, e.getMessage());
            LakeportMetrics.current().scheduleTrigger(source.name(), "skipped");
          } else {
            LOG.warn("schedule of {}: {} could not start a run: {}", source.name(), why, e.getMessage());
            LakeportMetrics.current().scheduleTrigger(source.name(), "failed");
          }
        });
  }

  private Future<Instant> lastRunStart(int attempt) {
    JsonObject query = new JsonObject().put("source", source.name()).put("limit", 1);
    return vertx.eventBus().<JsonObject>request(IngestAddresses.RUNS, query,
            new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
        .map(reply -> {
          JsonArray runs = reply.body().getJsonArray("runs", new JsonArray());
          return runs.isEmpty() ? null : RunStatus.fromJson(runs.getJsonObject(0)).startedAt();
        })
        .recover(e -> {
          boolean notYet = e instanceof ReplyException reply && (reply.failureType() == ReplyFailure.NO_HANDLERS
              || reply.failureType() == ReplyFailure.TIMEOUT);
          if (!notYet || attempt >= HISTORY_ATTEMPTS || slots.stopped()) {
            return Future.failedFuture(e);
          }
          return vertx.timer(HISTORY_RETRY_MILLIS).compose(v -> lastRunStart(attempt + 1));
        });
  }
}
