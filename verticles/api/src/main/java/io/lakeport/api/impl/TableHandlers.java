package io.lakeport.api.impl;

import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultPage;
import io.lakeport.query.SqlParameter;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The nine table listings, the two filtered listings and the pedido lookup. Listings are keyset pages: each
 * asks the engine for {@code limit + 1} rows after the last key served, in key order, so the extra row
 * says whether a next page exists and a page never depends on engine state that could expire.
 */
public final class TableHandlers {

  private final QueryService queries;
  private final Queries sql;
  private final PageTokens tokens;
  private final QueryOptions options;

  /** @param options timeout and caching of the listing queries (read-only, so cacheable) */
  public TableHandlers(QueryService queries, Queries sql, PageTokens tokens, QueryOptions options) {
    this.queries = queries;
    this.sql = sql;
    this.tokens = tokens;
    this.options = options;
  }

  public Handler<RoutingContext> listing(Queries.Listing listing) {
    return rc -> {
      Params params = Params.of(rc);
      int limit = params.integer("limit");
      SqlParameter filter = null;
      List<Object> scope = new ArrayList<>();
      scope.add(listing.operationId());
      if (listing.filterColumn() != null) {
        Object value = params.values().get(pathParameterOf(listing));
        filter = value instanceof Long id ? SqlParameter.bigint(id) : SqlParameter.varchar((String) value);
        scope.add(value);
      }
      Object afterKey;
      try {
        String token = params.string("nextToken");
        afterKey = token == null ? null : tokens.verify(token, scope);
      } catch (Problem problem) {
        problem.send(rc);
        return;
      }
      if (afterKey != null && listing.table().numericKey() != (afterKey instanceof Long)) {
        Problem.badRequest("nextToken is not valid for this listing").send(rc);
        return;
      }
      QuerySpec spec = sql.page(listing, filter, afterKey, limit + 1);
      queries.query(spec, options, limit + 1)
          .onSuccess(page -> Responses.ok(rc, page(listing, page, limit, scope)))
          .onFailure(e -> Responses.fail(rc, Problems.fromFixedQuery(e)));
    };
  }

  private JsonObject page(Queries.Listing listing, ResultPage page, int limit, List<Object> scope) {
    List<List<Object>> rows = page.rows();
    String nextToken = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      int key = Rows.indexOf(page.columns(), listing.table().key());
      Object lastKey = rows.getLast().get(key);
      nextToken = tokens.issue(scope, lastKey instanceof Number n ? (Object) n.longValue() : String.valueOf(lastKey));
    }
    JsonArray items = Rows.toJson(page.columns(), rows);
    return new JsonObject().put("items", items).put("count", items.size()).put("nextToken", nextToken);
  }

  /** {@code GET /api/pedidos/{pedido_id}}: the pedido, or 404. */
  public Handler<RoutingContext> pedido() {
    return rc -> {
      long id = Params.of(rc).longValue("pedido_id");
      queries.query(sql.pedido(id), options, 1)
          .onSuccess(page -> {
            if (page.rows().isEmpty()) {
              Problem.notFound("there is no pedido with id " + id).send(rc);
            } else {
              Responses.ok(rc, Rows.row(page.columns(), page.rows().getFirst()));
            }
          })
          .onFailure(e -> Responses.fail(rc, Problems.fromFixedQuery(e)));
    };
  }

  /** The path parameter a filtered listing binds to its filter column. */
  static String pathParameterOf(Queries.Listing listing) {
    return switch (listing.filterColumn()) {
      case "categoria" -> "categoria";
      case "cliente_id" -> "cliente_id";
      default -> throw new IllegalStateException("no path parameter for filter " + listing.filterColumn());
    };
  }
}
