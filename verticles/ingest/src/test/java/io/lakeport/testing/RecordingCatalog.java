package io.lakeport.testing;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double of the {@link Catalog} port: records what a run published, or refuses when told to. */
public final class RecordingCatalog implements Catalog {

  public final List<CommittedTable> published = new CopyOnWriteArrayList<>();
  public volatile String refuseWith;

  @Override
  public Future<Void> publish(CommittedTable table) {
    if (refuseWith != null) {
      return Future.failedFuture(refuseWith);
    }
    published.add(table);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<CatalogTable>> tables() {
    return Future.succeededFuture(List.of());
  }
}
