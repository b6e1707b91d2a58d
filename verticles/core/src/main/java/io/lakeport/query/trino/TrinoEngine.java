package io.lakeport.query.trino;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.query.QueryEngine;
import io.lakeport.query.QueryException;
import io.lakeport.query.QueryException.Kind;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStats;
import io.lakeport.query.QueryStatus;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultPage;
import io.lakeport.query.SqlParameter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link QueryEngine} over Trino's REST client protocol with the Vert.x WebClient: {@code POST /v1/statement}
 * (user, catalog, schema and source in {@code X-Trino-*} headers), then follow {@code nextUri} until there is
 * none; {@code DELETE nextUri} cancels.
 *
 * <h2>State per query, and why</h2>
 * Trino only moves a query forward while its client follows {@code nextUri}: rows come in the responses, and
 * once the output buffer in Trino is full the query waits for the client. Athena, on the other side of the
 * same port, runs to the end on its own and keeps its results. So this adapter is the Trino client for each
 * query and keeps, in memory, a {@link TrinoQuery}: the current {@code nextUri}, the latest state, stats and
 * error, the columns, and a bounded window of rows received but not yet handed out.
 * <ul>
 *   <li>{@link #status} follows {@code nextUri} (Trino long-polls each request for up to a second) while the
 *   window has room, so a polled query keeps running; it does not fetch once the window is full.</li>
 *   <li>A query is reported SUCCEEDED when Trino has sent everything ({@code nextUri} gone), or as soon as the
 *   window is full ({@link Settings#bufferRows} rows) while Trino still has more: from then on its rows
 *   stream as pages are read, and a failure Trino meets later (rare once rows flow) surfaces from
 *   {@link #results} as the page's error rather than as a state. Results that fit the window (the common
 *   case: API pages and custom queries are capped well below it) are complete before SUCCEEDED shows.</li>
 *   <li>Page tokens are row numbers ({@code r<n>}), not Trino's {@code nextUri}: a response carries any
 *   number of rows, so rows past a page must be held anyway, and Trino accepts only its latest token (or the
 *   one before), so a {@code nextUri} in a caller's hands could not be replayed. Reading is forward only:
 *   rows before the requested token are released; the last page handed out can be asked for again. (The
 *   query service above keeps what it read, its {@code ResultSpool}, so that its clients can go back.)</li>
 *   <li>Memory per query is bounded by {@code max(bufferRows, maxRows + one response)} rows. Queries nobody
 *   touches for {@link Settings#forgetAfter} are cancelled in Trino and forgotten (Trino itself abandons a
 *   query whose client stops polling after five minutes). {@link #cancel} releases a query's rows at once.</li>
 * </ul>
 * State is per process: a query started here is paged here. A query id this process does not know (another
 * process, or forgotten) still gets a {@link #status} from Trino's {@code /v1/query/{id}}, but no results.
 *
 * <h2>Parameters</h2>
 * Bound with Trino's prepared statements: the statement, with its {@code ?} placeholders, travels in the
 * {@code X-Trino-Prepared-Statement} header (URL-encoded) and the request body is
 * {@code EXECUTE lakeport_statement USING <literal>, ...} with each value rendered by
 * {@link SqlParameter#literal()} (typed, escaped by type). Caller text is never spliced into the statement.
 *
 * <h2>Values</h2>
 * Typed from each column's type signature by {@link TrinoValues} (bigint as Long, decimal as BigDecimal from
 * the string Trino sends, row as a Map by field name, ...), as {@link ResultPage} specifies.
 *
 * <h2>Failures</h2>
 * As the port describes: connection refused or timed out (short connect timeout) and HTTP 502/503/504 are
 * ENGINE_UNAVAILABLE, as are Trino's NO_NODES_AVAILABLE and SERVER_STARTING_UP at submit; HTTP 429 and
 * Trino's QUERY_QUEUE_FULL are OVERLOADED (throttling, retried by the service). Trino's {@code error} is
 * reported as {@code errorName: message} with its {@code errorType} (USER_ERROR, INTERNAL_ERROR,
 * INSUFFICIENT_RESOURCES, EXTERNAL); USER_CANCELED is CANCELLED.
 */
public final class TrinoEngine implements QueryEngine {

  static final String PREPARED_NAME = "lakeport_statement";
  private static final Set<String> THROTTLED = Set.of("QUERY_QUEUE_FULL");
  private static final Set<String> NOT_READY = Set.of("NO_NODES_AVAILABLE", "SERVER_STARTING_UP",
      "SERVER_SHUTTING_DOWN");

  /**
   * @param source         sent as X-Trino-Source, so Lakeport's queries are recognisable in Trino's UI
   * @param connectTimeout how long a connection may take before the engine counts as unreachable
   * @param requestTimeout how long one request may go without an answer (Trino long-polls for about 1 s)
   * @param bufferRows     rows held per query ahead of the reader, see the class comment
   * @param forgetAfter    how long a query nobody asks about is kept before it is cancelled and forgotten
   */
  public record Settings(URI uri, String user, String catalog, String schema, String source,
                         Duration connectTimeout, Duration requestTimeout, int bufferRows, Duration forgetAfter) {

    public Settings {
      if (bufferRows < 1) {
        throw new IllegalArgumentException("bufferRows must be at least 1, got " + bufferRows);
      }
    }

    public static Settings of(EngineConfig config) {
      return new Settings(config.trinoUri(), config.trinoUser(), config.catalog(), config.schema(), "lakeport",
          Duration.ofSeconds(2), Duration.ofSeconds(30), 10_000, Duration.ofMinutes(10));
    }

    public Settings withUri(URI other) {
      return new Settings(other, user, catalog, schema, source, connectTimeout, requestTimeout, bufferRows,
          forgetAfter);
    }

    public Settings withBufferRows(int rows) {
      return new Settings(uri, user, catalog, schema, source, connectTimeout, requestTimeout, rows, forgetAfter);
    }
  }

  private final Settings settings;
  private final String base;
  private final WebClient client;
  private final Map<String, TrinoQuery> queries = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long sweepTimer;

  public TrinoEngine(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    String uri = settings.uri().toString();
    this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    WebClientOptions options = new WebClientOptions()
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setUserAgent("lakeport")
        .setKeepAlive(true);
    // Each running query holds a connection for its long-polls: more than the default 5 per host.
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(64));
    long sweepEvery = Math.max(1_000, Math.min(60_000, settings.forgetAfter().toMillis() / 4));
    this.sweepTimer = vertx.setPeriodic(sweepEvery, id -> forgetIdleQueries());
  }

  @Override
  public boolean longPolls() {
    return true;
  }

  @Override
  public String name() {
    return "trino";
  }

  @Override
  public Future<String> submit(QuerySpec spec) {
    HttpRequest<Buffer> request = client.postAbs(base + "/v1/statement");
    headers(request);
    request.putHeader("X-Trino-Catalog", settings.catalog());
    request.putHeader("X-Trino-Schema", settings.schema());
    request.putHeader("X-Trino-Source", settings.source());
    String body;
    try {
      body = statement(spec, request);
    } catch (QueryException e) {
      return Future.failedFuture(e);
    }
    return send(request, Buffer.buffer(body), "submit a statement")
        .compose(first -> {
          String id = first.getString("id");
          if (id == null) {
            return Future.failedFuture(new QueryException(Kind.ENGINE_FAILED,
                "Trino answered a statement without a query id: " + first.encode()));
          }
          TrinoQuery query = new TrinoQuery(id, null, settings.bufferRows());
          query.apply(first);
          // Trino dispatches a query (and decides whether its queue has room) on the first nextUri request.
          return query.advance(this::fetch)
              .compose(rows -> admitted(query))
              .map(admitted -> {
                queries.put(id, admitted);
                return id;
              })
              .onFailure(e -> {
                // Trino has the query but nobody will follow it: stop it rather than wait for its abandonment.
                String uri = query.cancel();
                if (uri != null) {
                  delete(uri);
                }
              });
        });
  }

  /** Fails the submit when Trino refused the query for load or readiness rather than for its statement. */
  private Future<TrinoQuery> admitted(TrinoQuery query) {
    QueryStatus status = query.status();
    if (status.state() == QueryState.FAILED) {
      String name = query.errorName();
      if (THROTTLED.contains(name)) {
        return Future.failedFuture(new QueryException(Kind.OVERLOADED, "Trino refused the query: " + status.error()));
      }
      if (NOT_READY.contains(name)) {
        return Future.failedFuture(new QueryException(Kind.ENGINE_UNAVAILABLE,
            "Trino is not ready: " + status.error()));
      }
    }
    return Future.succeededFuture(query);
  }

  /** The request body, with the statement itself in the prepared-statement header when it has parameters. */
  private static String statement(QuerySpec spec, HttpRequest<Buffer> request) {
    if (spec.sql() == null || spec.sql().isBlank()) {
      throw new QueryException(Kind.INVALID_QUERY, "the statement is empty");
    }
    if (spec.parameters().isEmpty()) {
      return spec.sql();
    }
    List<String> literals = new ArrayList<>();
    for (int i = 0; i < spec.parameters().size(); i++) {
      SqlParameter parameter = spec.parameters().get(i);
      try {
        literals.add(parameter.literal());
      } catch (RuntimeException e) {
        throw new QueryException(Kind.INVALID_QUERY, "parameter " + (i + 1) + " (" + parameter.type().sql()
            + "): " + e.getMessage(), e);
      }
    }
    request.putHeader("X-Trino-Prepared-Statement",
        PREPARED_NAME + "=" + URLEncoder.encode(spec.sql(), StandardCharsets.UTF_8));
    return "EXECUTE " + PREPARED_NAME + " USING " + String.join(", ", literals);
  }

  @Override
  public Future<QueryStatus> status(String queryId) {
    TrinoQuery query = queries.get(queryId);
    if (query == null) {
      return statusFromQueryInfo(queryId);
    }
    query.touch();
    return progress(query).map(v -> query.status());
  }

  /** Follows nextUri while rows keep arriving and the window has room; stops at a response without rows. */
  private Future<Void> progress(TrinoQuery query) {
    if (!query.wantsProgress()) {
      return Future.succeededFuture();
    }
    return query.advance(this::fetch).compose(rows -> rows > 0 ? progress(query) : Future.succeededFuture());
  }

  @Override
  public Future<ResultPage> results(String queryId, String pageToken, int maxRows) {
    if (maxRows < 1) {
      return Future.failedFuture(new QueryException(Kind.INVALID_QUERY, "maxRows must be at least 1"));
    }
    TrinoQuery query = queries.get(queryId);
    if (query == null) {
      return Future.failedFuture(new QueryException(Kind.NOT_FOUND, "no results of Trino query " + queryId
          + " are held here (unknown, forgotten, or started by another process)"));
    }
    query.touch();
    long offset;
    try {
      offset = pageOffset(pageToken);
      QueryException failure = query.failure();
      if (failure != null) {
        throw failure;
      }
      query.releaseBefore(offset);
    } catch (QueryException e) {
      return Future.failedFuture(e);
    }
    return fill(query, offset, maxRows).compose(v -> {
      QueryException failure = query.failure();
      return failure != null ? Future.failedFuture(failure) : Future.succeededFuture(query.page(offset, maxRows));
    });
  }

  private Future<Void> fill(TrinoQuery query, long offset, int maxRows) {
    if (!query.needsRowsFor(offset, maxRows)) {
      return Future.succeededFuture();
    }
    return query.advance(this::fetch).compose(rows -> fill(query, offset, maxRows));
  }

  @Override
  public Future<Void> cancel(String queryId) {
    TrinoQuery query = queries.get(queryId);
    if (query == null) {
      // Not started here (or forgotten): Trino's query resource kills it by id.
      return delete(base + "/v1/query/" + queryId);
    }
    query.touch();
    String uri = query.cancel();
    return uri == null ? Future.succeededFuture() : delete(uri);
  }

  /** Cancels the query if Trino still runs it (e.g. rows nobody read) and forgets it here. */
  @Override
  public Future<Void> release(String queryId) {
    TrinoQuery query = queries.remove(queryId);
    if (query == null) {
      return Future.succeededFuture();
    }
    String uri = query.cancel();
    return uri == null ? Future.succeededFuture() : delete(uri).otherwiseEmpty();
  }

  /** Cheap readiness: Trino answers /v1/info and is no longer starting. */
  @Override
  public Future<Boolean> ready() {
    HttpRequest<Buffer> request = client.getAbs(base + "/v1/info");
    headers(request);
    return send(request, null, "read /v1/info")
        .map(info -> !info.getBoolean("starting", true))
        .otherwise(false);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    List<Future<Void>> cancels = new ArrayList<>();
    for (String id : List.copyOf(queries.keySet())) {
      cancels.add(cancel(id).otherwiseEmpty());
    }
    queries.clear();
    return Future.join(cancels).eventually(() -> {
      client.close();
      return Future.succeededFuture();
    }).mapEmpty();
  }

  /** How many queries this adapter holds state for (for tests and metrics). */
  public int heldQueries() {
    return queries.size();
  }

  static String pageToken(long offset) {
    return "r" + offset;
  }

  private static long pageOffset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      if (token.startsWith("r")) {
        long offset = Long.parseLong(token.substring(1));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new QueryException(Kind.INVALID_QUERY, "'" + token + "' is not a page token of this engine");
  }

  private void forgetIdleQueries() {
    long limit = settings.forgetAfter().toNanos();
    queries.forEach((id, query) -> {
      if (query.idleNanos() > limit && queries.remove(id, query)) {
        String uri = query.cancel();
        if (uri != null) {
          delete(uri);
        }
      }
    });
  }

  private Future<QueryStatus> statusFromQueryInfo(String queryId) {
    HttpRequest<Buffer> request = client.getAbs(base + "/v1/query/" + queryId);
    headers(request);
    return send(request, null, "read query " + queryId).map(info -> {
      String state = info.getString("state", "");
      JsonObject errorCode = info.getJsonObject("errorCode");
      JsonObject failure = info.getJsonObject("failureInfo");
      String errorName = errorCode == null ? null : errorCode.getString("name");
      QueryState mapped = switch (state) {
        case "FINISHED" -> QueryState.SUCCEEDED;
        case "FAILED" -> "USER_CANCELED".equals(errorName) ? QueryState.CANCELLED : QueryState.FAILED;
        case "QUEUED", "WAITING_FOR_RESOURCES", "DISPATCHING" -> QueryState.QUEUED;
        default -> QueryState.RUNNING;
      };
      String error = errorName == null ? null
          : errorName + ": " + (failure == null ? "" : failure.getString("message", ""));
      return new QueryStatus(queryId, mapped, error, errorCode == null ? null : errorCode.getString("type"),
          QueryStats.UNKNOWN);
    });
  }

  private Future<JsonObject> fetch(String nextUri) {
    HttpRequest<Buffer> request = client.getAbs(nextUri);
    headers(request);
    return send(request, null, "follow nextUri");
  }

  private Future<Void> delete(String uri) {
    HttpRequest<Buffer> request = client.deleteAbs(uri);
    headers(request);
    return request.send()
        .recover(e -> Future.failedFuture(unreachable(e)))
        .compose(response -> {
          int code = response.statusCode();
          // 404 and 410: Trino no longer knows the query, which is as ended as cancelled.
          if (code / 100 == 2 || code == 404 || code == 410) {
            return Future.succeededFuture();
          }
          return Future.failedFuture(httpFailure(response, "cancel a query"));
        });
  }

  private void headers(HttpRequest<Buffer> request) {
    request.timeout(settings.requestTimeout().toMillis());
    request.putHeader("X-Trino-User", settings.user());
    // Without this capability Trino rounds every timestamp to milliseconds for the client (the lake keeps
    // microseconds, the Hive catalog reads them with hive.timestamp-precision=MICROSECONDS).
    request.putHeader("X-Trino-Client-Capabilities", "PARAMETRIC_DATETIME");
  }

  private Future<JsonObject> send(HttpRequest<Buffer> request, Buffer body, String what) {
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
    return sent
        .recover(e -> Future.failedFuture(unreachable(e)))
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture(httpFailure(response, what));
          }
          try {
            return Future.succeededFuture(response.bodyAsJsonObject());
          } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(new QueryException(Kind.ENGINE_FAILED,
                "Trino answered " + what + " with something that is not a JSON object", e));
          }
        });
  }

  private QueryException unreachable(Throwable e) {
    return e instanceof QueryException q ? q : new QueryException(Kind.ENGINE_UNAVAILABLE,
        "Trino at " + base + " is unreachable: " + e.getMessage(), e);
  }

  private static QueryException httpFailure(HttpResponse<Buffer> response, String what) {
    int code = response.statusCode();
    Kind kind = switch (code) {
      case 429 -> Kind.OVERLOADED;
      case 502, 503, 504 -> Kind.ENGINE_UNAVAILABLE;
      case 404, 410 -> Kind.NOT_FOUND;
      case 400 -> Kind.INVALID_QUERY;
      default -> Kind.ENGINE_FAILED;
    };
    String text = response.bodyAsString();
    if (text != null && text.length() > 300) {
      text = text.substring(0, 300) + "...";
    }
    return new QueryException(kind, "Trino answered HTTP " + code + " when asked to " + what
        + (text == null || text.isBlank() ? "" : ": " + text.strip()));
  }

}
