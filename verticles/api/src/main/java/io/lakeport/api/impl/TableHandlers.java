package io.lakeport.api.impl;

import io.lakeport.catalog.CachedCatalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of the lake's tables: {@code GET /api/tables/{table}/rows} for every table the catalog publishes,
 * and the contract's fixed routes over one table each ({@link FixedRoute}: the seed listings, the filtered
 * listings and the pedido lookup), which are the same pages with the table, key and filters the contract
 * names. Listings are keyset pages: each asks the engine for {@code limit + 1} rows after the last key
 * served, in key order, so the extra row says whether a next page exists and a page never depends on
 * engine state that could expire.
 *
 * <p>A table with snapshots (format iceberg) is read at one snapshot, which every answer names (id and
 * commit time): the current one, or with {@code asOf} the one that was current at that instant. The first
 * page pins it ({@link PageTokens.PinnedRead}) and its tokens carry it, so a commit that lands while a client
 * pages cannot change the pages it has not read yet: every row of the named snapshot comes exactly once.
 *
 * <p>The table is looked up in the catalog's kept list of published tables ({@link CachedCatalog}, which a
 * commit empties); a name not on it is looked up again before the answer is 404, so a table published a
 * moment ago is served at once. The pages go through the result cache, which a commit empties too
 * ({@link CommitListener}).
 */
public final class TableHandlers {

  /** The query parameters of the rows endpoint that a 400 names. */
  private static final String FILTER = "filter";
  private static final String COLUMNS = "columns";
  private static final String AS_OF = "asOf";

  private final QueryService queries;
  private final CachedCatalog catalog;
  private final Queries sql;
  private final PageTokens tokens;
  private final QueryOptions options;
  private final SnapshotLookup snapshots;

  /** @param options timeout and caching of the listing queries (read-only, so cacheable) */
  public TableHandlers(QueryService queries, CachedCatalog catalog, Queries sql, PageTokens tokens, QueryOptions options) {
    this.queries = queries;
    this.catalog = catalog;
    this.sql = sql;
    this.tokens = tokens;
    this.options = options;
    this.snapshots = new SnapshotLookup(queries, options);
  }

  /** {@code GET /api/tables/{table}/rows}. */
  public Handler<RoutingContext> rows() {
    return rc -> {
      Params params = Params.of(rc);
      String name = params.string("table");
      Instant asOf;
      try {
        asOf = asOf(params.string(AS_OF));
      } catch (Problem problem) {
        Responses.fail(rc, problem);
        return;
      }
      answer(rc, publishedOr404(name)
          .compose(table -> {
            if (table.key().isEmpty()) {
              return Future.failedFuture(new Problem("table-without-key", "The table has no key", 409,
                  name + " has no primary key in the catalog, so its rows have no order to page by;"
                      + " read it with POST /api/queries").with("table", name));
            }
            if (asOf != null && table.iceberg() == null) {
              return Future.failedFuture(new Problem("as-of-not-supported", "The table has no snapshots", 400,
                  name + " keeps no snapshots to read as of an instant (only tables of lake format iceberg do);"
                      + " read it without asOf").with("table", name));
            }
            RowsRequest request = RowsRequest.parse(table, params.strings(FILTER), params.string(COLUMNS));
            return page(table, request.projection(), request.filters(), params.integer("limit"),
                params.string("nextToken"), asOf);
          }));
    };
  }

  /** {@code GET /api/catalog/tables/{tableName}/snapshots}: an Iceberg table's snapshots, newest first. */
  public Handler<RoutingContext> snapshots() {
    return rc -> {
      Params params = Params.of(rc);
      String name = params.string("tableName");
      int limit = params.integer("limit");
      answer(rc, publishedOr404(name).compose(table -> table.iceberg() == null
          ? Future.failedFuture(new Problem("no-snapshots", "The table keeps no snapshots", 409,
              name + " is a JSON Lines table (lake format jsonl), which keeps no snapshots; only iceberg tables do")
              .with("table", name))
          // Not cached: the commit that invalidates a table's answers names the table, not its metadata tables.
          : queries.query(QuerySpec.of(table.iceberg().snapshotsQuery(limit)),
              new QueryOptions(options.timeout(), false), limit).map(page -> snapshotsJson(name, page))));
    };
  }

  private static JsonObject snapshotsJson(String table, ResultPage page) {
    JsonArray snapshots = new JsonArray();
    for (List<Object> values : page.rows()) {
      JsonObject row = Rows.row(page.columns(), values);
      snapshots.add(new JsonObject()
          .put("snapshotId", row.getValue("snapshot_id"))
          .put("committedAt", row.getValue("committed_at"))
          .put("operation", row.getValue("operation"))
          .put("parentId", row.getValue("parent_id"))
          .put("addedRows", row.getValue("added_rows"))
          .put("deletedRows", row.getValue("deleted_rows"))
          .put("deletedPositions", row.getValue("deleted_positions")));
    }
    return new JsonObject().put("table", table).put("snapshots", snapshots).put("count", snapshots.size());
  }

  /** The published table {@code name}, or a 404 problem naming it. */
  private Future<LakeTable> publishedOr404(String name) {
    return published(name).compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
        Problem.notFound("the lake has no table named " + name + " (GET /api/catalog/tables lists them)")
            .with("table", name))));
  }

  /** Answers {@code page} with 200, or its failure as a problem. */
  private static void answer(RoutingContext rc, Future<JsonObject> page) {
    page.onSuccess(body -> Responses.ok(rc, body)).onFailure(e -> Responses.fail(rc, Problems.fromFixedQuery(e)));
  }

  /** A fixed listing of the contract: a page of its table, filtered by its path parameters. */
  public Handler<RoutingContext> listing(FixedRoute route) {
    return rc -> {
      Params params = Params.of(rc);
      answer(rc, fixedTable(route)
          .compose(table -> page(table, columnNames(table), route.conditions(table, params),
              params.integer("limit"), params.string("nextToken"), null)));
    };
  }

  /** A fixed lookup of the contract: the first row its path parameters select, or 404. */
  public Handler<RoutingContext> lookup(FixedRoute route) {
    return rc -> {
      Params params = Params.of(rc);
      fixedTable(route)
          .compose(table -> page(table, columnNames(table), route.conditions(table, params), 1, null, null))
          .onSuccess(page -> {
            JsonArray items = page.getJsonArray("items");
            if (items.isEmpty()) {
              Problem.notFound(route.table() + " has no row with " + route.describe(params)).send(rc);
            } else {
              Responses.ok(rc, items.getJsonObject(0));
            }
          })
          .onFailure(e -> Responses.fail(rc, Problems.fromFixedQuery(e)));
    };
  }

  /** The published table named {@code name} (case-insensitively, as the engine resolves names). */
  private Future<Optional<LakeTable>> published(String name) {
    return catalog.tables().map(tables -> named(tables, name))
        .compose(found -> found.isPresent() ? Future.succeededFuture(found)
            : catalog.freshTables().map(tables -> named(tables, name)));
  }

  private static Optional<LakeTable> named(List<CatalogTable> tables, String name) {
    return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().map(LakeTable::of);
  }

  /** A fixed route's table with the key and JSON columns the contract declares; missing, the lake is not ready. */
  private Future<LakeTable> fixedTable(FixedRoute route) {
    return published(route.table()).compose(found -> found
        .map(table -> Future.succeededFuture(table.declared(route.key(), route.jsonColumns())))
        .orElseGet(() -> Future.failedFuture(Problems.lakeNotReady("the table " + route.table(), null))));
  }

  private static List<String> columnNames(LakeTable table) {
    return table.columns().stream().map(ResultColumn::name).toList();
  }

  /** The {@code asOf} parameter as an instant (null when absent); not an RFC 3339 time with a zone: a 400. */
  private static Instant asOf(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      String reason = "'" + text + "' is not an RFC 3339 timestamp with a zone, e.g. 2026-12-01T10:00:00Z";
      throw Problem.badRequest("asOf is not valid: " + reason)
          .with("errors", new JsonArray().add(error(AS_OF, reason)));
    }
  }

  /**
   * One page: at most {@code limit} rows of {@code projection} meeting {@code filters}, after the key in
   * {@code token} (the first page when null), with the token of the next page while more rows remain. A table
   * with snapshots is read at one snapshot, which the answer names: the first page's (the current one, or the
   * one current at {@code asOf}), which its tokens carry to every following page.
   */
  private Future<JsonObject> page(LakeTable table, List<String> projection, List<Queries.Condition> filters,
                                  int limit, String token, Instant asOf) {
    List<Object> scope = scope(table, filters);
    List<ColumnValues.Bound> afterKey;
    PageTokens.Continuation continuation;
    try {
      continuation = token == null ? null : tokens.verify(token, scope, asOf);
      afterKey = continuation == null ? null : afterKey(table, continuation.lastKey());
    } catch (Problem problem) {
      return Future.failedFuture(problem);
    }
    Future<PageTokens.PinnedRead> read = continuation != null ? Future.succeededFuture(continuation.pinned())
        : table.iceberg() == null ? Future.succeededFuture() : pin(table, asOf);
    return read.compose(pinned -> queries.query(sql.page(table, projection, filters, afterKey, limit + 1,
            pinned == null ? null : pinned.snapshotId()), options, limit + 1)
        .map(page -> toJson(table, projection, page, limit, scope, pinned)));
  }

  /**
   * The snapshot the first page of an Iceberg table reads and names: the current one, or the one current at
   * {@code asOf} (the current one when that is later than now: commits up to it may still land, and must not
   * change the following pages). Cached like the pages: a commit drops it.
   */
  private Future<PageTokens.PinnedRead> pin(LakeTable table, Instant asOf) {
    Instant at = asOf == null || asOf.isAfter(Instant.now()) ? null : asOf;
    return snapshots.at(table.iceberg(), at).compose(found -> found
        .map(named -> Future.succeededFuture(new PageTokens.PinnedRead(asOf, named.id(), named.committedAt())))
        // No snapshot at that instant: the history starts later. No snapshot at all: the view's rows, unnamed.
        .orElseGet(() -> asOf != null ? Future.failedFuture(beforeFirstSnapshot(table, asOf)) : Future.succeededFuture()));
  }

  private static Problem beforeFirstSnapshot(LakeTable table, Instant asOf) {
    return new Problem("before-first-snapshot", "No snapshot at that time", 404,
        table.name() + " has no snapshot committed at or before " + asOf
            + ": its history starts later; pass a later asOf, or none for the current rows")
        .with("table", table.name()).with("asOf", asOf.toString());
  }

  /** What a token belongs to: the table and its filters (not the projection, which may change between pages). */
  private static List<Object> scope(LakeTable table, List<Queries.Condition> filters) {
    List<Object> scope = new ArrayList<>();
    scope.add(table.name());
    for (Queries.Condition filter : filters) {
      scope.add(filter.column());
      scope.add(String.valueOf(filter.value().parameter().value()));
    }
    return scope;
  }

  private static List<ColumnValues.Bound> afterKey(LakeTable table, List<String> values) {
    if (values.size() != table.key().size()) {
      throw new Problem("invalid-page-token", "Invalid page token", 400,
          "nextToken is not valid: it belongs to another listing; pass the nextToken of the previous page of this same request");
    }
    List<ColumnValues.Bound> bound = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      ResultColumn column = table.column(table.key().get(i)).orElseThrow();
      try {
        bound.add(ColumnValues.bind(column, values.get(i)));
      } catch (IllegalArgumentException e) {
        // Signed by this server for this table, so only a changed key type gets here.
        throw new Problem("invalid-page-token", "Invalid page token", 400,
            "nextToken is not valid: the table's key " + column.name() + " changed type; start again without nextToken");
      }
    }
    return bound;
  }

  private JsonObject toJson(LakeTable table, List<String> projection, ResultPage page, int limit, List<Object> scope,
                            PageTokens.PinnedRead pinned) {
    List<List<Object>> rows = page.rows();
    String nextToken = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      List<Object> last = rows.getLast();
      List<String> lastKey = new ArrayList<>();
      for (String key : table.key()) {
        lastKey.add(keyText(last.get(Rows.indexOf(page.columns(), key))));
      }
      nextToken = tokens.issue(scope, lastKey, pinned);
    }
    // The key columns the projection left out were selected after it, for the token only.
    int shown = page.columns().size() - (int) table.key().stream().filter(k -> !projection.contains(k)).count();
    JsonArray items = Rows.toJson(page.columns().subList(0, shown), rows.stream().map(r -> r.subList(0, Math.min(shown, r.size()))).toList());
    JsonObject answer = new JsonObject().put("items", items).put("count", items.size()).put("nextToken", nextToken);
    if (pinned != null) {
      answer.put("snapshot", new SnapshotLookup.Named(pinned.snapshotId(), pinned.committedAt()).toJson());
    }
    return answer;
  }

  /** A key value as the text {@link ColumnValues#bind} reads back. */
  private static String keyText(Object value) {
    return switch (value) {
      case null -> throw new IllegalStateException("a primary key column holds null");
      case BigDecimal decimal -> decimal.toPlainString();
      default -> String.valueOf(value);
    };
  }

  /**
   * The query parameters of {@code GET /api/tables/{table}/rows} checked against the table's columns:
   * {@code columns} (the projection, all columns when absent) and the {@code filter}s, each
   * {@code column:value} with the value typed by the column. Every bad one is named in one 400.
   */
  record RowsRequest(List<String> projection, List<Queries.Condition> filters) {

    static RowsRequest parse(LakeTable table, List<String> filterTexts, String columnsText) {
      JsonArray errors = new JsonArray();
      List<String> projection;
      if (columnsText == null) {
        projection = columnNames(table);
      } else {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : columnsText.split(",", -1)) {
          String trimmed = name.strip();
          if (table.column(trimmed).isEmpty()) {
            errors.add(error(COLUMNS, "'" + trimmed + "' is not a column of " + table.name()));
          } else {
            names.add(trimmed);
          }
        }
        projection = List.copyOf(names);
      }
      List<Queries.Condition> filters = new ArrayList<>();
      for (String text : filterTexts) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
          errors.add(error(FILTER, "'" + text + "' is not column:value"));
          continue;
        }
        String name = text.substring(0, colon);
        Optional<ResultColumn> column = table.column(name);
        if (column.isEmpty()) {
          errors.add(error(FILTER, "'" + name + "' is not a column of " + table.name()));
        } else if (table.jsonColumns().contains(name)) {
          errors.add(error(FILTER, "column " + name + " holds JSON, which cannot be compared with a value"));
        } else {
          try {
            filters.add(new Queries.Condition(name, ColumnValues.bind(column.get(), text.substring(colon + 1))));
          } catch (IllegalArgumentException e) {
            errors.add(error(FILTER, "column " + name + ": " + e.getMessage()));
          }
        }
      }
      if (!errors.isEmpty()) {
        throw Problem.badRequest("the request names columns or values that " + table.name() + " does not have")
            .with("errors", errors);
      }
      return new RowsRequest(projection, filters);
    }

  }

  private static JsonObject error(String name, String reason) {
    return new JsonObject().put("in", "query").put("name", name).put("reason", reason);
  }

  /**
   * A fixed route of the contract over one table, declared on its operation as {@code x-lakeport-rows}:
   * the table, its key (the order the route documents), its JSON text columns, the columns its path
   * parameters filter ({@code filters: {column: parameter}}), and whether it answers one row
   * ({@code lookup: true}) instead of a page.
   */
  public record FixedRoute(String table, List<String> key, Set<String> jsonColumns,
                           Map<String, String> filters, boolean lookup) {

    public static final String EXTENSION = "x-lakeport-rows";

    public FixedRoute {
      key = List.copyOf(key);
      jsonColumns = Set.copyOf(jsonColumns);
      // In the contract's order: the order of the conditions in the statement and in a token's scope.
      filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
      if (table == null || key.isEmpty()) {
        throw new IllegalArgumentException(EXTENSION + " needs a table and its key");
      }
    }

    /** The route an operation's {@code x-lakeport-rows} declares, if it has one. */
    public static Optional<FixedRoute> of(Map<String, Object> extensions) {
      Object declared = extensions.get(EXTENSION);
      if (declared == null) {
        return Optional.empty();
      }
      JsonObject json = declared instanceof JsonObject object ? object : new JsonObject(asMap(declared));
      JsonObject filters = json.getJsonObject("filters", new JsonObject());
      Map<String, String> byColumn = new LinkedHashMap<>();
      // vertx-openapi marks every object of the resolved contract with its __absolute_uri__: not a column.
      filters.forEach(entry -> {
        if (!entry.getKey().startsWith("__")) {
          byColumn.put(entry.getKey(), String.valueOf(entry.getValue()));
        }
      });
      return Optional.of(new FixedRoute(json.getString("table"),
          strings(json.getJsonArray("key", new JsonArray())),
          Set.copyOf(strings(json.getJsonArray("jsonColumns", new JsonArray()))),
          byColumn, json.getBoolean("lookup", false)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object declared) {
      if (declared instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
      throw new IllegalArgumentException(EXTENSION + " must be an object, not " + declared);
    }

    private static List<String> strings(JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }

    /** The filters bound to the request's path parameters, typed by the table's columns. */
    List<Queries.Condition> conditions(LakeTable table, Params params) {
      List<Queries.Condition> out = new ArrayList<>();
      filters.forEach((column, parameter) -> out.add(new Queries.Condition(column,
          ColumnValues.bind(table.column(column).orElseThrow(() -> new IllegalStateException(
              table.name() + " has no column " + column + " for " + EXTENSION)),
              String.valueOf(params.values().get(parameter))))));
      return out;
    }

    String describe(Params params) {
      return String.join(" and ", filters.entrySet().stream()
          .map(e -> e.getKey() + " " + params.values().get(e.getValue())).toList());
    }
  }
}
