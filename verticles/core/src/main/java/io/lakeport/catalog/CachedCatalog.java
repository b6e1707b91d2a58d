package io.lakeport.catalog;

import io.vertx.core.Future;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A catalog whose list of published tables is read once and kept for a short while, for a process that asks it
 * on every request (the API: which tables a route or a statement may read, their columns and keys). Without
 * it each answer cost one more engine statement ({@code information_schema}) and, with many clients, a queue
 * of them. A read under way serves every caller that asks meanwhile; {@link #invalidate} (a commit) and
 * {@link #freshTables} (a name not among the kept ones) read again, so a table published a moment ago is
 * found at once. Safe to share between event loops.
 */
public final class CachedCatalog implements Catalog {

  /** How long the list of published tables is reused before it is read again. */
  public static final long TTL_MILLIS = 5_000;

  private final Catalog catalog;
  private final LongSupplier clock;
  private List<CatalogTable> tables;
  private long readAt;
  private Future<List<CatalogTable>> reading;
  /** Bumped by {@link #invalidate}: a read begun before it does not refill the cache. */
  private long generation;

  public CachedCatalog(Catalog catalog) {
    this(catalog, System::currentTimeMillis);
  }

  CachedCatalog(Catalog catalog, LongSupplier clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public synchronized Future<List<CatalogTable>> tables() {
    if (tables != null && clock.getAsLong() - readAt < TTL_MILLIS) {
      return Future.succeededFuture(tables);
    }
    return read();
  }

  /** The published tables as the engine lists them now (shared with a read already under way). */
  public synchronized Future<List<CatalogTable>> freshTables() {
    return read();
  }

  /** Forgets the kept list: the next call reads it again. */
  public synchronized void invalidate() {
    tables = null;
    generation++;
  }

  private Future<List<CatalogTable>> read() {
    if (reading != null) {
      return reading;
    }
    long started = generation;
    Future<List<CatalogTable>> read = catalog.tables();
    reading = read;
    read.onComplete(done -> {
      synchronized (this) {
        if (reading == read) {
          reading = null;
        }
        if (done.succeeded() && started == generation) {
          tables = List.copyOf(done.result());
          readAt = clock.getAsLong();
        }
      }
    });
    return read;
  }

  /** Publishes through the catalog and forgets the kept list, which no longer holds the table as published. */
  @Override
  public Future<Void> publish(CommittedTable table) {
    return catalog.publish(table).onComplete(done -> invalidate());
  }

  @Override
  public Future<Void> upkeep(IcebergSource table, boolean optimize, int retentionDays) {
    return catalog.upkeep(table, optimize, retentionDays);
  }
}
