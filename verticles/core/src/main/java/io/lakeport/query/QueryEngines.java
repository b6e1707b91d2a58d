package io.lakeport.query;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.query.athena.AthenaEngine;
import io.lakeport.query.trino.TrinoEngine;
import io.vertx.core.Vertx;

/** Builds the configured engine adapter and the query service over it: the one place that knows them all. */
public final class QueryEngines {

  private QueryEngines() {
  }

  /** The adapter {@code engine.kind} names, configured from the engine section of the profile. */
  public static QueryEngine create(Vertx vertx, EngineConfig config) {
    return switch (config.kind()) {
      case TRINO -> new TrinoEngine(vertx, TrinoEngine.Settings.of(config));
      case ATHENA -> AthenaEngine.create(vertx, config);
    };
  }

  /** The query service (limits, polling, timeouts, cache, abandonment) over the configured adapter. */
  public static EngineQueryService service(Vertx vertx, EngineConfig config) {
    return new EngineQueryService(vertx, create(vertx, config), EngineQueryService.Settings.of(config));
  }
}
