package io.lakeport.api.impl;

import io.lakeport.catalog.CachedCatalog;
import io.lakeport.catalog.Catalog;
import io.lakeport.config.LakeportConfig;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.store.StoreProbe;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the API's router from the contract: one handler per operationId, every request validated against
 * its operation, API keys where the contract requires them (when keys are configured), problem documents
 * for every error, and nothing the contract does not declare except Swagger UI's files under /docs/.
 */
public final class ApiRouter {

  /** How long /health waits for each of its checks. */
  static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
  /** How long an ingestion request waits for the ingest group's reply. */
  static final Duration INGEST_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, OpenAPIContract contract, String contractYaml, LakeportConfig config,
                              QueryService queries, Catalog catalog, StoreProbe store, PageTokens tokens) {
    LakeportConfig.ApiConfig api = config.api();
    LakeportConfig.EngineConfig engine = config.engine();
    RouterBuilder builder = RouterBuilder.create(vertx, contract);

    builder.rootHandler(new HeadAsGet());
    builder.rootHandler(new RequestLog());
    if (!api.corsOrigins().isEmpty()) {
      builder.rootHandler(cors(api.corsOrigins()));
    }
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(api.maxBodyKib() * 1024L));

    boolean keys = !api.apiKeys().isEmpty();
    ApiKeys apiKeys = keys ? new ApiKeys(api.apiKeys()) : null;
    if (keys) {
      builder.security("apiKey").apiKeyHandler(APIKeyHandler.create(apiKeys));
    }

    Duration engineTimeout = Duration.ofSeconds(engine.queryTimeoutSeconds());
    Queries sql = new Queries(engine.schema());
    // Routes and statements ask which tables are published on every request: from a kept list, not the engine.
    CachedCatalog published = catalog instanceof CachedCatalog cached ? cached : new CachedCatalog(catalog);
    TableHandlers tables = new TableHandlers(queries, published, sql, tokens, new QueryOptions(engineTimeout, true));
    QueryHandlers statements = new QueryHandlers(queries, new LakeAccess(published, sessionCatalog(engine), engine.schema()),
        tokens, api.customQueryMaxRows(),
        Duration.ofSeconds(api.customQueryTimeoutSeconds()), engineTimeout);
    CatalogHandlers catalogs = new CatalogHandlers(published);
    IngestionHandlers ingestions = new IngestionHandlers(vertx, INGEST_REQUEST_TIMEOUT);
    DocsHandlers docs = new DocsHandlers(contractYaml);

    Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
    HealthHandler health = new HealthHandler(queries, catalog, store, engine.kind().name().toLowerCase(),
        engine.schema(), HEALTH_CHECK_TIMEOUT, apiKeys);
    handlers.put("getHealth", health.health());
    handlers.put("getLiveness", health.live());
    handlers.put("getReadiness", health.ready());
    handlers.put("listTableRows", tables.rows());
    handlers.put("runCustomQuery", statements.custom());
    handlers.put("submitQuery", statements.submit());
    handlers.put("getQuery", statements.status());
    handlers.put("cancelQuery", statements.cancel());
    handlers.put("getQueryResults", statements.results());
    handlers.put("listCatalogTables", catalogs.tables());
    handlers.put("getCatalogTable", catalogs.table());
    handlers.put("listTableSnapshots", tables.snapshots());
    handlers.put("startIngestion", ingestions.start());
    handlers.put("listIngestions", ingestions.list());
    handlers.put("getIngestion", ingestions.get());
    handlers.put("cancelIngestion", ingestions.cancel());
    handlers.put("streamIngestionEvents", ingestions.events());
    handlers.put("getMetrics", new MetricsHandler());
    handlers.put("getOpenApi", docs.contract());

    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      // The contract's fixed routes over one table name it (x-lakeport-rows), and its figures their statement
      // (x-lakeport-figures): no table is named in code.
      Map<String, Object> extensions = route.getOperation().getExtensions();
      Handler<RoutingContext> handler = TableHandlers.FixedRoute.of(extensions)
          .map(fixed -> fixed.lookup() ? tables.lookup(fixed) : tables.listing(fixed))
          .or(() -> FiguresRoute.of(extensions)
              .map(figures -> figures.handler(queries, engine.schema(), new QueryOptions(engineTimeout, true))))
          .orElseGet(() -> handlers.remove(operationId));
      if (handler == null) {
        throw new IllegalStateException("the contract declares operation " + operationId + ", which has no handler");
      }
      // RequestValidation replaces the builder's validation: it reports every bad parameter, not the first.
      route.setDoValidation(false).setDoSecurity(keys)
          .addHandler(new RequestValidation(contract, route.getOperation()))
          .addHandler(handler);
    }
    if (!handlers.isEmpty()) {
      throw new IllegalStateException("handlers for operations the contract does not declare: " + handlers.keySet());
    }

    Router router = builder.createRouter();
    docs.mountSwaggerUi(router);
    router.route().failureHandler(ApiRouter::failure);
    router.errorHandler(404, rc -> Problem.notFound("the API has no resource " + rc.request().path()).send(rc));
    router.errorHandler(405, rc -> new Problem("method-not-allowed", "Method not allowed", 405,
        rc.request().method() + " is not allowed on " + rc.request().path()).send(rc));
    router.errorHandler(500, ApiRouter::failure);
    return router;
  }

  /** The catalog unqualified names resolve into: Trino's configured one, Athena's data catalog. */
  static String sessionCatalog(LakeportConfig.EngineConfig engine) {
    return engine.kind() == LakeportConfig.EngineKind.ATHENA ? "awsdatacatalog" : engine.catalog();
  }

  private static void failure(RoutingContext rc) {
    Throwable failure = rc.failure();
    int status = rc.statusCode();
    if (failure == null) {
      failure = new HttpException(status > 0 ? status : 500);
    } else if (status > 0 && status != 500 && !(failure instanceof HttpException)
        && !(failure instanceof Problem) && !(failure instanceof io.lakeport.query.QueryException)) {
      // rc.fail(status, cause) from a vertx-web handler (CORS rejects with 403): the status is the point.
      failure = new HttpException(status, failure.getMessage(), failure);
    }
    Responses.fail(rc, failure);
  }

  private static CorsHandler cors(java.util.List<String> origins) {
    CorsHandler cors = CorsHandler.create();
    if (origins.contains("*")) {
      cors.addOrigin("*");
    } else {
      cors.addOrigins(origins);
    }
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "X-API-Key", "Accept"))
        .exposedHeaders(Set.of("Location", "Retry-After"))
        .maxAgeSeconds(600);
  }
}
