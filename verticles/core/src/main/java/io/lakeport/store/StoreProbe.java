package io.lakeport.store;

import io.vertx.core.Context;
import io.vertx.core.Future;

/** Whether the object store holds the lake's buckets: the store part of readiness ({@link BucketProbe}). */
public interface StoreProbe {

  /** How many buckets a check asks about. */
  int buckets();

  /** Succeeds once every bucket answered; completes on {@code context}. */
  Future<Void> check(Context context);

  /** A process with no bucket to check (no source configured): always up. */
  static StoreProbe none() {
    return new StoreProbe() {
      @Override
      public int buckets() {
        return 0;
      }

      @Override
      public Future<Void> check(Context context) {
        return Future.succeededFuture();
      }
    };
  }
}
