package io.lakeport.api.impl;

import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route of the contract that answers figures computed by one statement, declared on its operation as
 * {@code x-lakeport-figures: {statement: ...}} (the seed's {@code /api/dashboard}), so that what the figures
 * read, lake tables and their columns, lives in the contract beside the answer's schema, not in code.
 *
 * <p>The statement answers one row. {@code {table}} in its text names a lake table (an engine table name:
 * lower case, digits, {@code _}); it becomes the quoted table in the configured schema. Each column's name is
 * its place in the answer, a dotted path ({@code "pedidos.total"} is {@code {"pedidos": {"total": ...}}}).
 * Values are written as the row endpoints write them ({@link Rows}: decimals in plain notation, instants in
 * RFC 3339 UTC); a map (e.g. a {@code histogram}) is an object sorted by key, and an empty one when the
 * engine answers null (the histogram of no rows).
 *
 * @param statement the statement's text with its {@code {table}} references
 */
public record FiguresRoute(String statement) {

  public static final String EXTENSION = "x-lakeport-figures";
  /** A table reference: an engine table name Lakeport publishes, in braces. */
  private static final Pattern TABLE = Pattern.compile("\\{([a-z_][a-z0-9_]{0,199})}");
  /** A brace that does not open a table reference: a mistyped name the statement would send as text. */
  private static final Pattern STRAY_BRACE = Pattern.compile("[{}]");

  public FiguresRoute {
    if (statement == null || statement.isBlank()) {
      throw new IllegalArgumentException(EXTENSION + " needs a statement");
    }
    Matcher stray = STRAY_BRACE.matcher(TABLE.matcher(statement).replaceAll(""));
    if (stray.find()) {
      throw new IllegalArgumentException(EXTENSION + ": a brace that is not a {table} reference (an engine table"
          + " name: a-z, 0-9 and _) in: " + statement);
    }
  }

  /** The route an operation's {@code x-lakeport-figures} declares, if it has one. */
  public static Optional<FiguresRoute> of(Map<String, Object> extensions) {
    Object declared = extensions.get(EXTENSION);
    if (declared == null) {
      return Optional.empty();
    }
    Object statement = switch (declared) {
      case JsonObject object -> object.getValue("statement");
      case Map<?, ?> map -> map.get("statement");
      default -> throw new IllegalArgumentException(EXTENSION + " must be an object, not " + declared);
    };
    if (statement != null && !(statement instanceof String)) {
      throw new IllegalArgumentException(EXTENSION + ": the statement must be text, not " + statement);
    }
    return Optional.of(new FiguresRoute((String) statement));
  }

  /** The statement with each {@code {table}} as {@code "schema"."table"}. */
  QuerySpec query(String schema) {
    return QuerySpec.of(TABLE.matcher(statement)
        .replaceAll(m -> Matcher.quoteReplacement(Queries.quote(schema) + "." + Queries.quote(m.group(1)))));
  }

  /**
   * The answer: each column of the one row at its dotted path.
   *
   * @throws IllegalStateException when the engine answers other than one row, or two columns claim one place
   */
  JsonObject answer(ResultPage page) {
    if (page.rows().size() != 1) {
      throw new IllegalStateException("the figures statement answered " + page.rows().size() + " rows, expected 1");
    }
    JsonObject answer = new JsonObject();
    List<Object> row = page.rows().getFirst();
    for (int i = 0; i < page.columns().size(); i++) {
      ResultColumn column = page.columns().get(i);
      String[] path = column.name().split("\\.");
      JsonObject parent = answer;
      for (int p = 0; p < path.length - 1; p++) {
        Object next = parent.getValue(path[p]);
        if (next != null && !(next instanceof JsonObject)) {
          throw new IllegalStateException("figure " + column.name() + " is inside figure " + path[p]);
        }
        parent = next == null ? put(parent, path[p], new JsonObject()) : (JsonObject) next;
      }
      if (parent.containsKey(path[path.length - 1])) {
        throw new IllegalStateException("two figures named " + column.name());
      }
      parent.put(path[path.length - 1], value(column, row.get(i)));
    }
    return answer;
  }

  private static JsonObject put(JsonObject parent, String key, JsonObject child) {
    parent.put(key, child);
    return child;
  }

  private static Object value(ResultColumn column, Object value) {
    if (column.type().toLowerCase(Locale.ROOT).startsWith("map(")) {
      JsonObject sorted = new JsonObject(new TreeMap<>());
      if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> sorted.put(String.valueOf(k), Rows.value(v)));
      }
      return sorted;
    }
    return Rows.value(column, value);
  }

  /** The route's handler: the statement through the query service (cached like every fixed read). */
  Handler<RoutingContext> handler(QueryService queries, String schema, QueryOptions options) {
    QuerySpec query = query(schema);
    return rc -> queries.query(query, options, 1)
        .map(this::answer)
        .onSuccess(answer -> Responses.ok(rc, answer))
        .onFailure(e -> Responses.fail(rc, Problems.fromFixedQuery(e)));
  }
}
