package io.lakeport.ops.metrics;

import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the progress events of the sources this process owns into {@link LakeportMetrics}: rows and bytes
 * as they are copied, table failures, and at a run's end its outcome and duration (read from its status,
 * which has the mode). Only the owner counts, so a cluster's processes never count a run twice.
 */
public final class ProgressMetrics extends VerticleBase {

  private final Set<String> ownedSources;
  /** Per run and table, the totals already counted; events carry running totals. */
  private final Map<String, long[]> counted = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;

  public ProgressMetrics(Set<String> ownedSources) {
    this.ownedSources = Set.copyOf(ownedSources);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(IngestAddresses.PROGRESS, message -> onEvent(message.body()));
    return consumer.completion();
  }

  private void onEvent(JsonObject body) {
    ProgressEvent event;
    try {
      event = ProgressEvent.fromJson(body);
    } catch (RuntimeException e) {
      return;
    }
    if (!ownedSources.contains(event.source())) {
      return;
    }
    LakeportMetrics metrics = LakeportMetrics.current();
    switch (event.type()) {
      case TABLE_PROGRESS, TABLE_DONE -> {
        long[] before = counted.computeIfAbsent(event.runId() + "/" + event.table(), k -> new long[2]);
        metrics.rows(event.source(), event.table(), event.rows() - before[0]);
        metrics.bytes(event.source(), event.table(), event.bytes() - before[1]);
        before[0] = Math.max(before[0], event.rows());
        before[1] = Math.max(before[1], event.bytes());
      }
      case TABLE_FAILED -> metrics.tableFailed(event.source(), event.table());
      case RUN_DONE, RUN_FAILED -> {
        counted.keySet().removeIf(k -> k.startsWith(event.runId() + "/"));
        vertx.eventBus().<JsonObject>request(IngestAddresses.STATUS, new JsonObject().put("runId", event.runId()))
            .map(reply -> RunStatus.fromJson(reply.body()))
            .onSuccess(run -> metrics.runEnded(run.source(), run.mode(), event.type() == ProgressEvent.Type.RUN_DONE,
                Duration.between(run.startedAt(), run.endedAt() == null ? event.at() : run.endedAt())));
      }
      default -> { }
    }
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
