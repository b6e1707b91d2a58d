package io.lakeport.ingest;

import io.lakeport.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Opens the {@link Catalog} an ingest process publishes to, and closes what it holds when the process stops. */
@FunctionalInterface
public interface CatalogFactory {

  /** Completes once the catalog can be used; built off the event loop where building blocks. */
  Future<Catalog> open(Vertx vertx);

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
