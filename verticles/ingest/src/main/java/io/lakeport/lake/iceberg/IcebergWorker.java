package io.lakeport.lake.iceberg;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One table's blocking Iceberg work (Parquet encoding, catalog calls, S3 waits) on a virtual thread of its
 * own, in submission order, off the event loop; results come back on {@code context}. Tables of a run each
 * have one, so they encode in parallel.
 */
public final class IcebergWorker implements AutoCloseable {

  private final Context context;
  private final ExecutorService thread;

  public IcebergWorker(Context context, String name) {
    this.context = context;
    this.thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("iceberg-" + name).factory());
  }

  public <T> Future<T> run(Callable<T> task) {
    Promise<T> promise = Promise.promise();
    try {
      thread.execute(() -> {
        try {
          T result = task.call();
          context.runOnContext(v -> promise.complete(result));
        } catch (Throwable e) {
          context.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (RuntimeException e) {
      promise.fail(e);
    }
    return promise.future();
  }

  /** {@link #run} of a task that answers nothing. */
  public Future<Void> execute(Runnable task) {
    return run(() -> {
      task.run();
      return null;
    });
  }

  @Override
  public void close() {
    thread.shutdown();
  }
}
