package io.lakeport.ops.schedule;

import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.schedule.Schedule;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link SourceScheduler} per scheduled source this process owns, and the {@link UpkeepScheduler} of
 * its Iceberg sources when {@code lake.iceberg.upkeep.schedule} is set.
 */
public final class SchedulerVerticle extends VerticleBase {

  private final List<SourceConfig> sources;
  private final Schedule upkeepSchedule;
  private final List<String> upkeptSources;
  private final List<SourceScheduler> schedulers = new ArrayList<>();
  private UpkeepScheduler upkeep;

  /**
   * @param sources        the scheduled sources
   * @param upkeepSchedule the upkeep's schedule, or null for none
   * @param upkeptSources  the sources whose Iceberg tables it keeps up
   */
  public SchedulerVerticle(List<SourceConfig> sources, Schedule upkeepSchedule, List<String> upkeptSources) {
    this.sources = List.copyOf(sources);
    this.upkeepSchedule = upkeepSchedule;
    this.upkeptSources = List.copyOf(upkeptSources);
  }

  @Override
  public Future<?> start() {
    for (SourceConfig source : sources) {
      SourceScheduler scheduler = new SourceScheduler(vertx, source, Clock.systemUTC());
      schedulers.add(scheduler);
      scheduler.start();
    }
    if (upkeepSchedule != null && !upkeptSources.isEmpty()) {
      upkeep = new UpkeepScheduler(vertx, upkeptSources, upkeepSchedule, Clock.systemUTC());
      upkeep.start();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    schedulers.forEach(SourceScheduler::stop);
    if (upkeep != null) {
      upkeep.stop();
    }
    return Future.succeededFuture();
  }
}
