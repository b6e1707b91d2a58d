package io.lakeport.catalog;

import io.lakeport.query.QueryEngine;
import io.lakeport.query.QueryException;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStatus;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Statements} straight on a {@link QueryEngine}: submit, poll with a growing delay until the
 * statement ends, then page through its rows. Catalog statements are few, small and must not queue behind
 * user queries, so they bypass the query service's limits and cache.
 */
public final class EngineStatements implements Statements {

  private static final long FIRST_POLL_MILLIS = 50;
  private static final long MAX_POLL_MILLIS = 1000;
  private static final int PAGE_ROWS = 1000;

  private final Vertx vertx;
  private final QueryEngine engine;
  private final Duration timeout;

  public EngineStatements(Vertx vertx, QueryEngine engine, Duration timeout) {
    this.vertx = vertx;
    this.engine = engine;
    this.timeout = timeout;
  }

  @Override
  public Future<List<List<Object>>> run(String sql) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return engine.submit(QuerySpec.of(sql))
        .compose(queryId -> awaitEnd(queryId, sql, deadline, FIRST_POLL_MILLIS)
            .compose(status -> collect(queryId, null, new ArrayList<>())));
  }

  private Future<QueryStatus> awaitEnd(String queryId, String sql, long deadline, long delayMillis) {
    return engine.status(queryId).compose(status -> {
      if (status.state() == QueryState.SUCCEEDED) {
        return Future.succeededFuture(status);
      }
      if (status.state().done()) {
        QueryException.Kind kind = status.userError() ? QueryException.Kind.INVALID_QUERY : QueryException.Kind.ENGINE_FAILED;
        return Future.failedFuture(new QueryException(kind,
            engine.name() + " " + status.state().name().toLowerCase() + " " + firstLine(sql) + ": " + status.error()));
      }
      if (System.nanoTime() > deadline) {
        return engine.cancel(queryId).transform(ignored -> Future.failedFuture(new QueryException(
            QueryException.Kind.TIMEOUT, engine.name() + " did not finish " + firstLine(sql) + " within " + timeout)));
      }
      return vertx.timer(delayMillis)
          .compose(v -> awaitEnd(queryId, sql, deadline, Math.min(MAX_POLL_MILLIS, delayMillis * 2)));
    });
  }

  private Future<List<List<Object>>> collect(String queryId, String token, List<List<Object>> rows) {
    return engine.results(queryId, token, PAGE_ROWS).compose((ResultPage page) -> {
      rows.addAll(page.rows());
      return page.nextToken() == null ? Future.succeededFuture(rows) : collect(queryId, page.nextToken(), rows);
    });
  }

  /** Enough of a statement to recognise it in an error, without pages of column lists. */
  static String firstLine(String sql) {
    int end = sql.indexOf('\n');
    String line = end < 0 ? sql : sql.substring(0, end) + " ...";
    return "'" + (line.length() > 200 ? line.substring(0, 200) + "..." : line) + "'";
  }
}
