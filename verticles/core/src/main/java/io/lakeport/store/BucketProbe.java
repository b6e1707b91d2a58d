package io.lakeport.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * The store part of readiness: whether every bucket the lake writes to answers a HeadBucket. A store that
 * is down, a bucket that was deleted and credentials that are refused all make the lake unreadable for the
 * engine too, long before a query says so.
 */
public final class BucketProbe implements StoreProbe {

  private final S3AsyncClient s3;
  private final SortedSet<String> buckets;

  public BucketProbe(S3AsyncClient s3, Iterable<String> buckets) {
    this.s3 = s3;
    this.buckets = new TreeSet<>();
    buckets.forEach(this.buckets::add);
  }

  @Override
  public int buckets() {
    return buckets.size();
  }

  /**
   * Fails with the first {@link StoreUnavailableException}, which names the bucket and may name the endpoint:
   * for the log, not for a client.
   */
  @Override
  public Future<Void> check(Context context) {
    List<Future<?>> heads = new ArrayList<>();
    for (String bucket : buckets) {
      heads.add(Future.fromCompletionStage(s3.headBucket(b -> b.bucket(bucket)), context)
          .recover(e -> Future.failedFuture(new StoreUnavailableException(bucket, unwrap(e)))));
    }
    return Future.all(heads).mapEmpty();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  public void close() {
    s3.close();
  }
}
