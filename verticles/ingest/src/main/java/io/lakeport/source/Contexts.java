package io.lakeport.source;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/** Runs source work on one Vert.x context, so a reader's callbacks all land on the context it lives on. */
final class Contexts {

  private Contexts() {
  }

  static <T> Future<T> on(Vertx vertx, Supplier<Future<T>> work) {
    return on(vertx.getOrCreateContext(), work);
  }

  /** Runs {@code work} on {@code context}; an exception it throws becomes the failed future. */
  static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    Runnable run = () -> {
      try {
        work.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    };
    if (Vertx.currentContext() == context) {
      run.run();
    } else {
      context.runOnContext(v -> run.run());
    }
    return promise.future();
  }
}
