package io.lakeport.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/** Runs test steps on one Vert.x context, as the code under test expects. */
public final class OnContext {

  private final Context context;

  public OnContext(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  public <T> Future<T> run(Supplier<Future<T>> step) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        step.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Blocks the (non-Vert.x) test thread until the step is done. */
  public <T> T await(Supplier<Future<T>> step) throws Exception {
    return run(step).toCompletionStage().toCompletableFuture().get(300, java.util.concurrent.TimeUnit.SECONDS);
  }
}
