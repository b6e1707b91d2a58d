package io.lakeport.api.impl;

import io.lakeport.catalog.IcebergSource;
import io.lakeport.query.QueryExecution;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SQL from clients: {@code POST /api/query-custom} (one read-only statement over the lake's tables, first
 * rows, row limit and timeout, never cached) and the asynchronous query resources under {@code /api/queries}.
 */
public final class QueryHandlers {

  /** How long a client should wait before asking again for the results of a query still running. */
  static final int RUNNING_RETRY_SECONDS = 1;

  private final QueryService queries;
  private final LakeAccess access;
  private final PageTokens tokens;
  private final int maxRows;
  private final Duration customTimeout;
  private final Duration asyncTimeout;
  private final SnapshotLookup snapshots;

  /**
   * @param access        what custom SQL may read: the lake's published tables
   * @param tokens        signs the page tokens of asynchronous queries' results, each for its query
   * @param maxRows       {@code api.customQueryMaxRows}: the most rows query-custom returns
   * @param customTimeout {@code api.customQueryTimeoutSeconds}
   * @param asyncTimeout  how long an asynchronous query may run ({@code engine.queryTimeoutSeconds})
   */
  public QueryHandlers(QueryService queries, LakeAccess access, PageTokens tokens, int maxRows,
                       Duration customTimeout, Duration asyncTimeout) {
    this.queries = queries;
    this.access = access;
    this.tokens = tokens;
    this.maxRows = maxRows;
    this.customTimeout = customTimeout;
    this.asyncTimeout = asyncTimeout;
    // Cached like the listings' lookups: a commit drops them.
    this.snapshots = new SnapshotLookup(queries, new QueryOptions(customTimeout, true));
  }

  /** {@code POST /api/query-custom}. */
  public Handler<RoutingContext> custom() {
    return rc -> {
      JsonObject body = Params.of(rc).body();
      Integer asked = body.getInteger("maxRows");
      int rows = asked == null ? maxRows : Math.min(asked, maxRows);
      ReadOnlySql.Checked checked;
      try {
        // One row more than returned: whether it comes says if the result was truncated.
        checked = ReadOnlySql.check(statement(body), rows + 1L);
      } catch (Problem problem) {
        problem.send(rc);
        return;
      }
      access.admit(checked).compose(admitted -> access.icebergTablesRead(admitted).compose(read ->
              snapshots(read).compose(before -> queries.query(new QuerySpec(admitted.sql(), List.of(), null),
                      new QueryOptions(customTimeout, false), rows + 1)
                  .compose(page -> snapshots(read).map(after -> customAnswer(page, rows, before, after))))))
          .onSuccess(answer -> Responses.ok(rc, answer))
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  /**
   * The first {@code rows} rows of {@code page}, whether there were more, and the snapshots the statement read:
   * the same before and after it, or, when a commit landed in between (which one the engine read is not
   * known), none.
   */
  private static JsonObject customAnswer(ResultPage page, int rows, Map<String, SnapshotLookup.Named> before,
                                         Map<String, SnapshotLookup.Named> after) {
    List<List<Object>> kept = page.rows().size() > rows ? page.rows().subList(0, rows) : page.rows();
    boolean truncated = page.rows().size() > rows || (page.nextToken() != null && kept.size() == rows);
    JsonArray items = Rows.toJson(page.columns(), kept);
    JsonObject answer = new JsonObject()
        .put("columns", Rows.columns(page.columns()))
        .put("rows", items)
        .put("count", items.size())
        .put("truncated", truncated);
    if (before.equals(after)) {
      answer.put("snapshots", snapshotsJson(after));
    }
    return answer;
  }

  /** The current snapshot of each table of {@code read}, by table name, in order; a table without one is left out. */
  private Future<Map<String, SnapshotLookup.Named>> snapshots(Map<String, IcebergSource> read) {
    List<Map.Entry<String, IcebergSource>> tables = List.copyOf(read.entrySet());
    List<Future<Optional<SnapshotLookup.Named>>> lookups = tables.stream().map(t -> snapshots.at(t.getValue(), null)).toList();
    return Future.all(lookups).map(all -> {
      Map<String, SnapshotLookup.Named> named = new LinkedHashMap<>();
      for (int i = 0; i < tables.size(); i++) {
        String table = tables.get(i).getKey();
        lookups.get(i).result().ifPresent(snapshot -> named.put(table, snapshot));
      }
      return named;
    });
  }

  private static JsonArray snapshotsJson(Map<String, SnapshotLookup.Named> named) {
    JsonArray out = new JsonArray();
    named.forEach((table, snapshot) -> out.add(snapshot.toJson().put("table", table)));
    return out;
  }

  /**
   * The statement of a query body: {@code sql}, or {@code query} (the field the original project's clients
   * send); exactly one of the two.
   */
  static String statement(JsonObject body) {
    String sql = body == null ? null : body.getString("sql");
    String query = body == null ? null : body.getString("query");
    if (sql != null && query != null) {
      throw Problem.badRequest("give the statement once: in sql or in its alias query, not both")
          .with("errors", new JsonArray()
              .add(new JsonObject().put("in", "body").put("name", "body/sql").put("reason", "is given with query"))
              .add(new JsonObject().put("in", "body").put("name", "body/query").put("reason", "is given with sql")));
    }
    if (sql == null && query == null) {
      throw Problem.badRequest("the body needs the statement in sql (or its alias query)")
          .with("errors", new JsonArray()
              .add(new JsonObject().put("in", "body").put("name", "body/sql").put("reason", "is required")));
    }
    return sql != null ? sql : query;
  }

  /** {@code POST /api/queries}: 202 with the execution and its Location. */
  public Handler<RoutingContext> submit() {
    return rc -> {
      ReadOnlySql.Checked checked;
      try {
        // No row limit: results are paged, as many as the client pages through.
        checked = ReadOnlySql.check(statement(Params.of(rc).body()));
      } catch (Problem problem) {
        problem.send(rc);
        return;
      }
      access.admit(checked)
          .compose(admitted -> queries.submit(new QuerySpec(admitted.sql(), List.of(), null),
              new QueryOptions(asyncTimeout, false)))
          .onSuccess(execution -> {
            rc.response().putHeader("Location", "/api/queries/" + execution.id());
            Responses.json(rc, 202, toJson(execution));
          })
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  /** {@code GET /api/queries/{queryId}}. */
  public Handler<RoutingContext> status() {
    return rc -> queries.execution(Params.of(rc).string("queryId"))
        .onSuccess(execution -> Responses.ok(rc, toJson(execution)))
        .onFailure(e -> Responses.fail(rc, e));
  }

  /** {@code DELETE /api/queries/{queryId}}: 204, also when it had already ended. */
  public Handler<RoutingContext> cancel() {
    return rc -> {
      String id = Params.of(rc).string("queryId");
      // execution() first: an unknown id is a 404, not a silent success.
      queries.execution(id)
          .compose(execution -> queries.cancel(id))
          .onSuccess(v -> rc.response().setStatusCode(204).end())
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  /**
   * {@code GET /api/queries/{queryId}/results}. The query service's page token (the row a page starts at)
   * travels signed for this query, so a token of another query, or an altered one, is a 400.
   */
  public Handler<RoutingContext> results() {
    return rc -> {
      Params params = Params.of(rc);
      String id = params.string("queryId");
      int limit = params.integer("limit");
      String token = params.string("nextToken");
      List<Object> scope = resultsScope(id);
      String pageToken;
      try {
        pageToken = token == null ? null : tokens.verify(token, scope).getFirst();
      } catch (Problem problem) {
        problem.send(rc);
        return;
      }
      queries.execution(id).compose(execution -> {
        if (execution.state() == QueryState.SUCCEEDED) {
          return queries.results(id, pageToken, limit);
        }
        throw notReadable(execution);
      }).onSuccess(page -> Responses.ok(rc, toJson(page,
              page.nextToken() == null ? null : tokens.issue(scope, List.of(page.nextToken())))))
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  /** What a results page token belongs to: this query's results, no other listing's. */
  private static List<Object> resultsScope(String queryId) {
    return List.of("queryResults", queryId);
  }

  private static Problem notReadable(QueryExecution execution) {
    return switch (execution.state()) {
      case QUEUED, RUNNING -> new Problem("query-not-finished", "The query has not finished", 409,
          "query " + execution.id() + " is " + state(execution.state()) + "; ask again later")
          .retryAfter(RUNNING_RETRY_SECONDS);
      case FAILED -> Problem.conflict("query " + execution.id() + " failed: " + Problems.safe(execution.error()));
      case CANCELLED -> Problem.conflict("query " + execution.id() + " was cancelled");
      case SUCCEEDED -> throw new IllegalStateException("a succeeded query is readable");
    };
  }

  static JsonObject toJson(ResultPage page, String nextToken) {
    JsonArray rows = Rows.toJson(page);
    return new JsonObject()
        .put("columns", Rows.columns(page.columns()))
        .put("rows", rows)
        .put("count", rows.size())
        .put("nextToken", nextToken);
  }

  static JsonObject toJson(QueryExecution execution) {
    JsonObject json = new JsonObject()
        .put("id", execution.id())
        .put("state", state(execution.state()))
        .put("engineQueryId", execution.engineQueryId())
        .put("error", Problems.safe(execution.error()))
        .put("cached", execution.cached())
        .put("rowCount", execution.rowCount())
        .put("submittedAt", execution.submittedAt().toString())
        .put("endedAt", execution.endedAt() == null ? null : execution.endedAt().toString());
    if (execution.stats() != null) {
      json.put("stats", new JsonObject()
          .put("queuedMillis", execution.stats().queuedMillis())
          .put("executionMillis", execution.stats().executionMillis())
          .put("processedRows", execution.stats().processedRows())
          .put("processedBytes", execution.stats().processedBytes()));
    }
    return json;
  }

  private static String state(QueryState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
