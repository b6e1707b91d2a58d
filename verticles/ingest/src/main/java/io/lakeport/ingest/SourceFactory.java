package io.lakeport.ingest;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.source.Source;
import io.vertx.core.Vertx;

/** Opens the {@link Source} of one configured source database; one per run. */
@FunctionalInterface
public interface SourceFactory {

  Source create(Vertx vertx, SourceConfig source, IngestConfig ingest);
}
