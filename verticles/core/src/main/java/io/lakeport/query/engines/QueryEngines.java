package io.lakeport.query.engines;

import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryServiceSettings;
import io.lakeport.query.QueryEngine;
import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.query.athena.AthenaEngine;
import io.lakeport.query.trino.TrinoEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Builds the configured engine adapter and the query service over it: the one place that knows them all. */
public final class QueryEngines {

  private QueryEngines() {
  }

  /**
   * The adapter {@code engine.kind} names, configured from the engine section of the profile. Callers are
   * verticles starting on an event loop: the AWS SDK's first client build loads and initialises hundreds of
   * classes and reads the credentials chain (seconds on a busy machine), so Athena's client is built on a
   * worker. Trino's adapter is a Vert.x web client, built where it is asked for.
   */
  public static Future<QueryEngine> create(Vertx vertx, EngineConfig config) {
    return switch (config.kind()) {
      case TRINO -> Future.succeededFuture(new TrinoEngine(vertx, TrinoEngine.Settings.of(config)));
      case ATHENA -> vertx.executeBlocking(() -> AthenaEngine.create(vertx, config), false);
    };
  }

  /** The query service (limits, polling, timeouts, cache, abandonment) over the configured adapter. */
  public static Future<EngineQueryService> service(Vertx vertx, EngineConfig config) {
    return create(vertx, config).map(engine -> new EngineQueryService(vertx, engine, QueryServiceSettings.of(config)));
  }
}
