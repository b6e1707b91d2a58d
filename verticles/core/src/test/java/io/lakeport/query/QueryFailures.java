package io.lakeport.query;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.junit5.VertxTestContext;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The check of a query that must fail: a {@link QueryException} of the expected kind, then the test's own checks. */
public final class QueryFailures {

  private QueryFailures() {
  }

  /**
   * The handler of a future that must fail with a {@link QueryException} of {@code kind}: checks that, runs
   * {@code more} on the exception, then completes {@code ctx}.
   */
  public static <T> Handler<AsyncResult<T>> failsWith(VertxTestContext ctx, QueryException.Kind kind,
                                                       Consumer<QueryException> more) {
    return ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(QueryException.class);
      assertThat(((QueryException) e).kind()).isEqualTo(kind);
      more.accept((QueryException) e);
      ctx.completeNow();
    }));
  }

  /** {@link #failsWith(VertxTestContext, QueryException.Kind, Consumer)} with no checks of the test's own. */
  public static <T> Handler<AsyncResult<T>> failsWith(VertxTestContext ctx, QueryException.Kind kind) {
    return failsWith(ctx, kind, e -> { });
  }
}
