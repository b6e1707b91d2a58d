package io.lakeport.catalog;

import io.lakeport.query.QueryException;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * {@link Statements} through the {@link QueryService}: its polling, timeout (the statement is cancelled in
 * the engine) and retries of throttled submits (Athena's DDL quota) serve the catalog too. Never cached.
 * Catalog statements answer few rows; a listing longer than {@link #MAX_ROWS} fails rather than being cut.
 */
public final class ServiceStatements implements Statements {

  static final int MAX_ROWS = 10_000;

  private final QueryService service;
  private final QueryOptions options;

  public ServiceStatements(QueryService service, Duration timeout) {
    this.service = service;
    this.options = new QueryOptions(timeout, false);
  }

  @Override
  public Future<List<List<Object>>> run(String sql) {
    return service.query(QuerySpec.of(sql), options, MAX_ROWS)
        .recover(e -> Future.failedFuture(e instanceof QueryException q
            ? new QueryException(q.kind(), statement(sql) + ": " + q.getMessage(), q)
            : e))
        .compose(page -> page.nextToken() == null
            ? Future.succeededFuture(page.rows())
            : Future.failedFuture(new QueryException(QueryException.Kind.ENGINE_FAILED,
                statement(sql) + " answered more than " + MAX_ROWS + " rows")));
  }

  /** Enough of a statement to recognise it in an error, without pages of column lists. */
  static String statement(String sql) {
    int end = sql.indexOf('\n');
    String line = end < 0 ? sql : sql.substring(0, end) + " ...";
    return "'" + (line.length() > 200 ? line.substring(0, 200) + "..." : line) + "'";
  }
}
