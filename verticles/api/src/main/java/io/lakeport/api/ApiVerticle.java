package io.lakeport.api;

import io.lakeport.api.impl.ApiRouter;
import io.lakeport.api.impl.PageTokens;
import io.lakeport.catalog.Catalog;
import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.HttpServerDefaults;
import io.lakeport.deploy.ListenException;
import io.lakeport.query.QueryService;
import io.lakeport.store.StoreProbe;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: loads the contract, builds the router from it and listens on {@code api.host:api.port}.
 * Several instances may share the port (Vert.x spreads connections over their event loops); they share
 * the query service, the catalog, the store probe and the page-token key they are given.
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final LakeportConfig config;
  private final QueryService queries;
  private final Catalog catalog;
  private final StoreProbe store;
  private final PageTokens tokens;
  private HttpServer server;

  /** @param pageTokenKey signs page tokens; every instance serving one API must get the same key */
  public ApiVerticle(LakeportConfig config, QueryService queries, Catalog catalog, StoreProbe store,
                     byte[] pageTokenKey) {
    this.config = config;
    this.queries = queries;
    this.catalog = catalog;
    this.store = store;
    this.tokens = new PageTokens(pageTokenKey);
  }

  @Override
  public Future<?> start() {
    LakeportConfig.ApiConfig api = config.api();
    return ApiContract.load(vertx)
        .compose(contract -> vertx.createHttpServer(HttpServerDefaults.options()
                .setCompressionSupported(true)
                .setDecompressionSupported(false))
            .requestHandler(ApiRouter.create(vertx, contract.contract(), contract.yaml(), config, queries, catalog, store, tokens))
            .listen(api.port(), api.host())
            .recover(e -> Future.failedFuture(ListenException.cannotListen("api", api.host(), api.port(),
                "api.host/api.port", e))))
        .onSuccess(s -> {
          server = s;
          LOG.info("API listening on http://{}:{} (Swagger UI at /docs/)", api.host(), s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port the server listens on (useful with {@code api.port: 0}). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
