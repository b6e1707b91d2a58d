package io.lakeport.ops.metrics;

import io.lakeport.metrics.LakeportMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;

/**
 * Measures how late its event loop runs a timer: a loop blocked by a long task, or saturated, runs every
 * task late, which request latencies only show indirectly. Records {@code lakeport_event_loop_delay_seconds}.
 * Deployed once per event loop (Vert.x gives each instance its own loop, round robin).
 */
final class EventLoopDelayProbe extends VerticleBase {

  static final long INTERVAL_MILLIS = 500;

  private long timer = -1;
  private boolean stopped;

  @Override
  public Future<?> start() {
    arm();
    return Future.succeededFuture();
  }

  private void arm() {
    long due = System.nanoTime() + INTERVAL_MILLIS * 1_000_000;
    timer = vertx.setTimer(INTERVAL_MILLIS, id -> {
      long late = System.nanoTime() - due;
      LakeportMetrics.current().eventLoopDelay(Duration.ofNanos(Math.max(0, late)));
      if (!stopped) {
        arm();
      }
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
