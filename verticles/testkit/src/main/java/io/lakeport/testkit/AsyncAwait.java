package io.lakeport.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link Await} for tests written as Vert.x future chains: asks again on a timer (never blocking a thread)
 * until the answer passes. The wait is bounded by the test's own timeout (VertxTestContext, a future's
 * {@code await}), not here, so how fast the machine is changes how long it takes, never its outcome.
 */
public final class AsyncAwait {

  /** The interval between two questions. */
  private static final long POLL_MILLIS = 50;

  private AsyncAwait() {
  }

  /** Asks {@code question} until its answer passes {@code wanted}; succeeds with that answer. */
  public static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> question, Predicate<? super T> wanted) {
    return question.get().compose(answer -> wanted.test(answer) ? Future.succeededFuture(answer)
        : pause(vertx, POLL_MILLIS).compose(v -> until(vertx, question, wanted)));
  }

  /** Asks {@code question} until it answers true. */
  public static Future<Void> untilTrue(Vertx vertx, Supplier<Future<Boolean>> question) {
    return until(vertx, question, Boolean.TRUE::equals).mapEmpty();
  }

  /** A future that completes after {@code millis} on a Vert.x timer. */
  public static Future<Void> pause(Vertx vertx, long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, t -> promise.complete());
    return promise.future();
  }
}
