package io.lakeport.source;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

/** The connection pool of a reactive SQL source (MySQL/MariaDB, PostgreSQL), set up one way for both. */
final class SqlPools {

  private SqlPools() {
  }

  /**
   * A pool on {@code vertx} for the source's host, port, database and credentials, over the driver's own
   * {@code builder} and {@code connect} options (which carry what only that driver has). One connection per
   * table copied in parallel, plus one for discovery.
   */
  static Pool create(Vertx vertx, ClientBuilder<Pool> builder, SqlConnectOptions connect, SourceConfig config,
                     IngestConfig ingest) {
    connect.setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.database())
        .setUser(config.user())
        .setPassword(config.password() == null ? "" : config.password());
    return builder
        .with(new PoolOptions().setMaxSize(ingest.tableParallelism() + 1))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
