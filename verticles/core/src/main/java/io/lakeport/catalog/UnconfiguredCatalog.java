package io.lakeport.catalog;

import io.vertx.core.Future;

import java.util.List;

/**
 * The catalog of a build or profile that has no engine catalog: every call fails with the reason given,
 * so an ingest run fails at publication, before it advances any watermark, rather than claim data that no
 * engine can read.
 */
public final class UnconfiguredCatalog implements Catalog {

  private final String reason;

  public UnconfiguredCatalog(String reason) {
    this.reason = reason;
  }

  @Override
  public Future<Void> publish(CommittedTable table) {
    return Future.failedFuture("catalog not configured: " + reason);
  }

  @Override
  public Future<List<CatalogTable>> tables() {
    return Future.failedFuture("catalog not configured: " + reason);
  }
}
