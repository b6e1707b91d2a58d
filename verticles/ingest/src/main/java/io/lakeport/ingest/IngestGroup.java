package io.lakeport.ingest;

import io.lakeport.catalog.UnconfiguredCatalog;
import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.VerticleGroup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The {@code ingest} verticle group: one {@link IngestVerticle} serving the sources this process owns. */
public final class IngestGroup implements VerticleGroup {

  private final SourceFactory sources;

  public IngestGroup() {
    this(IngestGroup::sourcesNotInThisBuild);
  }

  IngestGroup(SourceFactory sources) {
    this.sources = sources;
  }

  @Override
  public LakeportConfig.Group group() {
    return LakeportConfig.Group.INGEST;
  }

  @Override
  public Future<?> deploy(Vertx vertx, LakeportConfig config) {
    // TODO(catalog): Catalogs.create(...) once the engine catalogs are merged.
    return vertx.deployVerticle(new IngestVerticle(config, sources,
        v -> new UnconfiguredCatalog("publishing tables to the " + config.engine().kind().name().toLowerCase()
            + " engine is not part of this build yet")));
  }

  private static io.lakeport.source.Source sourcesNotInThisBuild(Vertx vertx, LakeportConfig.SourceConfig source,
                                                               LakeportConfig.IngestConfig ingest) {
    throw new UnsupportedOperationException("source " + source.name() + ": the " + source.kind().name().toLowerCase()
        + " source is not part of this build yet");
  }
}
