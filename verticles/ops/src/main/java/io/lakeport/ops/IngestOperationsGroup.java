package io.lakeport.ops;

import io.lakeport.ops.metrics.ProgressMetrics;
import io.lakeport.ops.schedule.SchedulerVerticle;
import io.lakeport.config.LakeportConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.deploy.VerticleGroup;
import io.lakeport.schedule.Schedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the ops module adds to the {@code ingest} group, next to the run coordinator: the schedules of the
 * sources the process owns (and the upkeep of their Iceberg tables), and the run metrics taken from their progress events. Deployed after the
 * coordinator (an {@link #extension()}).
 */
public final class IngestOperationsGroup implements VerticleGroup {

  private static final Logger LOG = LoggerFactory.getLogger(IngestOperationsGroup.class);

  @Override
  public LakeportConfig.Group group() {
    return LakeportConfig.Group.INGEST;
  }

  @Override
  public boolean extension() {
    return true;
  }

  @Override
  public Future<?> deploy(Vertx vertx, LakeportConfig config) {
    List<Future<?>> deployments = new ArrayList<>();
    if (config.metrics().enabled()) {
      Set<String> owned = config.ownedSources().stream().map(SourceConfig::name).collect(Collectors.toSet());
      deployments.add(vertx.deployVerticle(new ProgressMetrics(owned)));
    }
    List<SourceConfig> scheduled = config.ownedSources().stream().filter(s -> s.schedule() != null).toList();
    Schedule upkeep = config.lake().iceberg().upkeep().schedule();
    List<String> upkept = upkeep == null ? List.of() : config.ownedSources().stream()
        .filter(s -> s.format() == LakeportConfig.TableFormat.ICEBERG).map(SourceConfig::name).toList();
    if (!scheduled.isEmpty() || !upkept.isEmpty()) {
      LOG.info("scheduling {}", scheduled.stream().map(s -> s.name() + " '" + s.schedule().text() + "'").toList());
      deployments.add(vertx.deployVerticle(new SchedulerVerticle(scheduled, upkeep, upkept)));
    }
    return Future.all(deployments);
  }
}
