package io.lakeport.catalog;

import io.vertx.core.Future;

/**
 * Makes committed lake data queryable in the configured engine, without a crawler: table definitions come
 * from the source schema. Called by the ingest run after a table's objects are committed and before its
 * watermark or manifest is written, so a failed registration fails the run and nothing claims data that
 * readers cannot see.
 */
public interface Catalog {

  /**
   * Creates or updates the engine table for {@code table}, registers its new partitions and, for a full
   * run, switches readers to the new snapshot atomically (no window in which the table is missing or
   * doubled). Idempotent: publishing the same commit twice changes nothing.
   */
  Future<Void> publish(CommittedTable table);

  /**
   * Runs the upkeep of one Iceberg table through the engine ({@link CatalogDialect#icebergUpkeep}): compaction
   * when {@code optimize}, then expiry of snapshots and removal of unreferenced files older than
   * {@code retentionDays}. Fails with a {@link CatalogException} naming the table and the statement that failed.
   */
  default Future<Void> upkeep(IcebergSource table, boolean optimize, int retentionDays) {
    return Future.failedFuture(new UnsupportedOperationException(getClass().getSimpleName() + " runs no upkeep"));
  }

  /** Tables and columns as the engine sees them, for the API's catalog resources. */
  Future<java.util.List<CatalogTable>> tables();
}
