package io.lakeport.source;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.vertx.core.Vertx;

/** Creates the {@link Source} for a configured source database. */
public final class Sources {

  private Sources() {
  }

  public static Source create(Vertx vertx, SourceConfig source, IngestConfig ingest) {
    return switch (source.kind()) {
      case MYSQL -> new MysqlSource(vertx, source, ingest);
      case POSTGRESQL -> new PostgresSource(vertx, source, ingest);
      case MONGODB -> new MongoSource(vertx, source, ingest, source.sampleSize());
      case JDBC -> new JdbcSource(vertx, source, ingest);
    };
  }
}
