package io.lakeport.query.trino;

import io.lakeport.query.QueryEngine;
import io.lakeport.query.QueryEngineContract;
import io.lakeport.query.QueryException;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.lakeport.query.QueryFailures.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine contract against the real local Trino, plus what is particular to the Trino adapter. */
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class TrinoEngineIT extends QueryEngineContract {

  /** 200,000 rows, 0..199999 in no particular order: more than Trino sends in one response. */
  private static final String LARGE = "SELECT a.x * 20 + b.y AS v FROM UNNEST(sequence(0, 9999)) AS a(x) "
      + "CROSS JOIN UNNEST(sequence(0, 19)) AS b(y)";

  private WebClient trino;

  @BeforeAll
  static void trinoRunsQueries() {
    LocalTrino.awaitReady();
  }

  @Override
  protected QueryEngine createEngine(Vertx vertx) {
    trino = WebClient.create(vertx);
    return new TrinoEngine(vertx, LocalTrino.settings());
  }

  @Override
  protected Future<Boolean> engineSaysCancelled(String queryId) {
    return LocalTrino.cancelledInTrino(trino, queryId);
  }

  /**
   * A result larger than the adapter's window: SUCCEEDED shows once the window is full while Trino still
   * runs the query (it waits for its client), and the rest streams as pages are read, every row once.
   */
  @Test
  void streamsResultsLargerThanItsWindow(VertxTestContext context) {
    engine.close();
    TrinoEngine small = new TrinoEngine(vertx, LocalTrino.settings().withBufferRows(300));
    engine = small;
    List<ResultPage> pages = new ArrayList<>();
    small.submit(QuerySpec.of(LARGE))
        .compose(id -> awaitEnd(id)
            .compose(status -> {
              assertThat(status.state()).as(status.error()).isEqualTo(QueryState.SUCCEEDED);
              return LocalTrino.queryInfo(trino, id);
            })
            .compose(info -> {
              // Trino has not finished: the rest of the rows wait for this client.
              assertThat(info.getString("state")).isNotEqualTo("FINISHED");
              return readPages(id, null, 10_000, pages);
            })
            .compose(v -> awaitTrue(() -> LocalTrino.queryInfo(trino, id)
                .map(info -> "FINISHED".equals(info.getString("state"))))))
        .onComplete(context.succeeding(v -> context.verify(() -> {
          assertThat(pages).allSatisfy(page -> assertThat(page.rows()).isNotEmpty()
              .hasSizeLessThanOrEqualTo(10_000));
          List<Long> values = pages.stream().flatMap(page -> page.rows().stream())
              .map(row -> (Long) row.getFirst()).sorted().toList();
          assertThat(values).isEqualTo(LongStream.range(0, 200_000).boxed().toList());
          context.completeNow();
        })));
  }

  /** Rows before the page asked for are let go: reading is forward only, and says so. */
  @Test
  void releasedPagesAreNotFound(VertxTestContext context) {
    engine.submit(QuerySpec.of(SEQUENCE))
        .compose(id -> awaitEnd(id)
            .compose(status -> engine.results(id, null, 1000))
            .compose(first -> engine.results(id, first.nextToken(), 1000))
            .compose(second -> engine.results(id, null, 1000)))
        .onComplete(failsWith(context, QueryException.Kind.NOT_FOUND,
            e -> assertThat(e.getMessage()).contains("read forward")));
  }

  /** release() stops a query whose rows nobody read and forgets it. */
  @Test
  void releaseStopsAnUnreadQueryAndForgetsIt(VertxTestContext context) {
    engine.close();
    TrinoEngine small = new TrinoEngine(vertx, LocalTrino.settings().withBufferRows(100));
    engine = small;
    small.submit(QuerySpec.of(LARGE))
        .compose(id -> awaitEnd(id)
            .compose(status -> {
              assertThat(status.state()).as(status.error()).isEqualTo(QueryState.SUCCEEDED);
              assertThat(small.heldQueries()).isEqualTo(1);
              return small.release(id);
            })
            .compose(v -> {
              assertThat(small.heldQueries()).isZero();
              return awaitTrue(() -> LocalTrino.cancelledInTrino(trino, id));
            }))
        .onComplete(context.succeedingThenComplete());
  }

  /** A query id this adapter never started still gets Trino's own status; unknown ids are NOT_FOUND. */
  @Test
  void statusOfForeignAndUnknownQueries(VertxTestContext context) {
    TrinoEngine other = new TrinoEngine(vertx, LocalTrino.settings());
    engine.submit(QuerySpec.of(BAD_CAST))
        .compose(id -> awaitEnd(id).compose(v -> other.status(id)))
        .compose(foreign -> {
          assertThat(foreign.state()).isEqualTo(QueryState.FAILED);
          assertThat(foreign.error()).contains("lakeport-not-a-number");
          return other.status("20000101_000000_00000_nosuch");
        })
        .eventually(other::close)
        .onComplete(failsWith(context, QueryException.Kind.NOT_FOUND));
  }

  @Test
  void unreachableTrinoIsEngineUnavailable(VertxTestContext context) {
    TrinoEngine nowhere = new TrinoEngine(vertx,
        LocalTrino.settings().withUri(URI.create("http://127.0.0.1:" + LocalTrino.unusedPort())));
    nowhere.ready()
        .compose(ready -> {
          assertThat(ready).isFalse();
          return nowhere.submit(QuerySpec.of("SELECT 1"));
        })
        .eventually(nowhere::close)
        .onComplete(failsWith(context, QueryException.Kind.ENGINE_UNAVAILABLE,
            e -> assertThat(e.getMessage()).contains("unreachable")));
  }

  @Test
  void readyWhenTrinoAnswers(VertxTestContext context) {
    engine.ready().onComplete(context.succeeding(ready -> context.verify(() -> {
      assertThat(ready).isTrue();
      context.completeNow();
    })));
  }

  @Test
  void parameterWithoutALiteralFormIsRefused(VertxTestContext context) {
    var timestamp = new io.lakeport.query.SqlParameter(io.lakeport.schema.LakeType.Primitive.TIMESTAMP, "x");
    engine.submit(QuerySpec.of("SELECT ?", timestamp))
        .onComplete(failsWith(context, QueryException.Kind.INVALID_QUERY,
            e -> assertThat(e.getMessage()).contains("parameter 1 (timestamp)")));
  }
}
