package io.lakeport.ops.schedule;

import io.lakeport.config.LakeportConfig.SourceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One {@link SourceScheduler} per scheduled source this process owns. */
public final class SchedulerVerticle extends VerticleBase {

  private final List<SourceConfig> sources;
  private final List<SourceScheduler> schedulers = new ArrayList<>();

  public SchedulerVerticle(List<SourceConfig> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public Future<?> start() {
    for (SourceConfig source : sources) {
      SourceScheduler scheduler = new SourceScheduler(vertx, source, Clock.systemUTC());
      schedulers.add(scheduler);
      scheduler.start();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    schedulers.forEach(SourceScheduler::stop);
    return Future.succeededFuture();
  }
}
