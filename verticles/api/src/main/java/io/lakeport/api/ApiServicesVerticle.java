package io.lakeport.api;

import io.lakeport.api.impl.CommitListener;
import io.lakeport.api.ApiVerticle;
import io.lakeport.catalog.CachedCatalog;
import io.lakeport.catalog.Catalogs;
import io.lakeport.config.LakeportConfig;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryServiceSettings;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.store.BucketProbe;
import io.lakeport.store.S3Clients;
import io.lakeport.store.StoreProbe;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Owns what the API's HTTP verticles share: the query service over the configured engine (one set of
 * concurrency limits and one cache for the process, dropped when a run commits a table: {@link CommitListener}),
 * the catalog, the store probe of readiness, and the page-token key. It deploys the
 * HTTP verticles as its children, and closes the services (cancelling engine queries still running) when
 * it is undeployed.
 *
 * <p>The catalog runs its statements through a query service of its own, with a couple of slots and no
 * cache: catalog listings and the lake readiness of /health are never queued behind a burst of user
 * queries (which would turn a busy API into an "unhealthy" one), nor answered from a stale cache.
 */
public final class ApiServicesVerticle extends VerticleBase {

  /** The catalog's own engine slots and queue (listings, /health): small, and never behind user queries. */
  static final int CATALOG_SLOTS = 2;
  static final int CATALOG_QUEUE = 32;

  private final LakeportConfig config;
  private final int instances;
  private EngineQueryService queries;
  private EngineQueryService catalogQueries;
  private MessageConsumer<JsonObject> commits;
  private BucketProbe bucketProbe;

  public ApiServicesVerticle(LakeportConfig config, int instances) {
    this.config = config;
    this.instances = Math.max(1, instances);
  }

  @Override
  public Future<?> start() {
    // Every statement of the API runs as the engine's API user, the catalog's listings too.
    LakeportConfig.EngineConfig engineConfig = config.engine().forApi();
    return QueryEngines.service(vertx, engineConfig).compose(service -> {
      queries = service;
      return QueryEngines.create(vertx, engineConfig);
    }).compose(engine -> {
      catalogQueries = new EngineQueryService(vertx, engine, QueryServiceSettings.of(engineConfig)
          .withLimits(CATALOG_SLOTS, CATALOG_QUEUE).withCacheTtl(Duration.ZERO));
      // One kept list of published tables for every API verticle of the process; a commit empties it.
      CachedCatalog catalog = new CachedCatalog(Catalogs.create(engineConfig, catalogQueries));
      return CommitListener.dropCachedResultsOnCommit(vertx.eventBus(), queries, catalog).compose(consumer -> {
        commits = consumer;
        byte[] key = pageTokenKey(config.api());
        return storeProbe().compose(probe -> vertx.deployVerticle(() -> new ApiVerticle(config, queries, catalog, probe,
            key), new DeploymentOptions().setInstances(instances)));
      });
    }).recover(e -> stop().transform(closed -> Future.failedFuture(e))); // a failed start closes what it opened
  }

  /**
   * Readiness asks the store about every source's bucket; the S3 client is built on a worker (the SDK reads
   * its configuration and credentials chain from files).
   */
  private Future<StoreProbe> storeProbe() {
    List<String> buckets = config.sources().values().stream().map(LakeportConfig.SourceConfig::bucket).distinct().toList();
    if (buckets.isEmpty()) {
      return Future.succeededFuture(StoreProbe.none());
    }
    return vertx.executeBlocking(() -> S3Clients.create(config.lake())).map(s3 -> {
      bucketProbe = new BucketProbe(s3, buckets);
      return bucketProbe;
    });
  }

  @Override
  public Future<?> stop() {
    if (bucketProbe != null) {
      bucketProbe.close();
    }
    return Future.join(commits == null ? Future.succeededFuture() : commits.unregister(),
        queries == null ? Future.succeededFuture() : queries.close(),
        catalogQueries == null ? Future.succeededFuture() : catalogQueries.close());
  }

  /** {@code api.pageTokenSecret}, or 32 random bytes: tokens then hold only for this process. */
  static byte[] pageTokenKey(LakeportConfig.ApiConfig api) {
    if (api.pageTokenSecret() != null) {
      return api.pageTokenSecret().getBytes(StandardCharsets.UTF_8);
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
