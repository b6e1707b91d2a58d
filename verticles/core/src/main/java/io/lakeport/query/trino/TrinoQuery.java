package io.lakeport.query.trino;

import io.lakeport.query.QueryException;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStats;
import io.lakeport.query.QueryStatus;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@link TrinoEngine} keeps for one query: where the protocol continues ({@code nextUri}), the latest
 * state, stats and error, the columns, and a window of rows received but not yet handed out. Rows are
 * numbered from 0 in the order Trino sends them; {@code firstBuffered} is the number of the oldest row still
 * held. All fields are guarded by this object's monitor; responses are applied by {@link #advance} one at a
 * time, in order, since Trino accepts only its latest token (and the one before, for retries).
 */
final class TrinoQuery {

  /** Trino states before the query has been planned and scheduled; later ones (but the ends) are RUNNING. */
  private static final List<String> QUEUED_STATES = List.of("QUEUED", "WAITING_FOR_RESOURCES", "DISPATCHING");

  final String id;
  private final int bufferRows;

  private String nextUri;
  private String trinoState = "QUEUED";
  private JsonObject error;
  private QueryStats stats = QueryStats.UNKNOWN;
  private List<ResultColumn> columns;
  private List<JsonObject> typeSignatures;
  private final ArrayDeque<List<Object>> rows = new ArrayDeque<>();
  private long firstBuffered;
  private long received;
  /** Set once the buffer filled while Trino still had rows: reported SUCCEEDED from then on, see TrinoEngine. */
  private boolean streaming;
  private boolean cancelled;
  private Future<Integer> inFlight;
  private long lastTouchedNanos = System.nanoTime();

  TrinoQuery(String id, String nextUri, int bufferRows) {
    this.id = id;
    this.nextUri = nextUri;
    this.bufferRows = bufferRows;
  }

  /**
   * Follows {@code nextUri} once (joining a fetch already under way) and applies the response; the future
   * holds how many rows arrived. Nothing changes when the fetch fails, so the same uri can be fetched again.
   */
  synchronized Future<Integer> advance(Function<String, Future<JsonObject>> fetch) {
    if (inFlight != null) {
      return inFlight;
    }
    if (nextUri == null || cancelled) {
      return Future.succeededFuture(0);
    }
    Future<Integer> applied = fetch.apply(nextUri)
        .map(this::apply)
        .andThen(ar -> clearInFlight());
    // A fetch that ended before andThen ran has already cleared inFlight (or will): keep it only if pending.
    if (!applied.isComplete()) {
      inFlight = applied;
    }
    return applied;
  }

  private synchronized void clearInFlight() {
    inFlight = null;
  }

  /**
   * Applies one protocol response: the first one (of POST /v1/statement) or one of a nextUri. Everything is
   * read before anything changes, so a response that cannot be read leaves the query where it was.
   */
  synchronized int apply(JsonObject response) {
    if (cancelled) {
      return 0;
    }
    List<ResultColumn> newColumns = columns;
    List<JsonObject> signatures = typeSignatures;
    JsonArray responseColumns = response.getJsonArray("columns");
    if (newColumns == null && responseColumns != null) {
      List<ResultColumn> named = new ArrayList<>();
      List<JsonObject> types = new ArrayList<>();
      for (int i = 0; i < responseColumns.size(); i++) {
        JsonObject column = responseColumns.getJsonObject(i);
        named.add(TrinoValues.column(column));
        types.add(column.getJsonObject("typeSignature"));
      }
      newColumns = List.copyOf(named);
      signatures = List.copyOf(types);
    }
    JsonArray data = response.getJsonArray("data");
    List<List<Object>> arrived = new ArrayList<>(data == null ? 0 : data.size());
    if (data != null && !data.isEmpty()) {
      if (signatures == null) {
        throw new QueryException(QueryException.Kind.ENGINE_FAILED, "Trino sent rows before their columns");
      }
      for (int i = 0; i < data.size(); i++) {
        arrived.add(TrinoValues.row(data.getJsonArray(i), signatures));
      }
    }

    columns = newColumns;
    typeSignatures = signatures;
    nextUri = response.getString("nextUri");
    JsonObject responseStats = response.getJsonObject("stats");
    if (responseStats != null) {
      trinoState = responseStats.getString("state", trinoState);
      long queued = responseStats.getLong("queuedTimeMillis", -1L);
      long elapsed = responseStats.getLong("elapsedTimeMillis", -1L);
      stats = new QueryStats(queued, queued >= 0 && elapsed >= 0 ? Math.max(0, elapsed - queued) : -1,
          responseStats.getLong("processedRows", -1L), responseStats.getLong("processedBytes", -1L));
    }
    if (response.getJsonObject("error") != null) {
      error = response.getJsonObject("error");
    }
    rows.addAll(arrived);
    received += arrived.size();
    if (nextUri != null && error == null && rows.size() >= bufferRows && columns != null) {
      streaming = true;
    }
    return arrived.size();
  }

  /** Whether a status call should pull more of the query: it is moving and the buffer has room. */
  synchronized boolean wantsProgress() {
    return nextUri != null && !cancelled && error == null && !streaming && rows.size() < bufferRows;
  }

  synchronized QueryStatus status() {
    QueryState state = state();
    String reason = null;
    String errorType = null;
    if (error != null) {
      String name = error.getString("errorName");
      String message = error.getString("message", "Trino reported no message");
      reason = name == null ? message : name + ": " + message;
      errorType = error.getString("errorType");
    } else if (cancelled) {
      reason = "cancelled";
    }
    return new QueryStatus(id, state, reason, errorType, stats);
  }

  /** Trino's errorName (e.g. INVALID_CAST_ARGUMENT, QUERY_QUEUE_FULL), or "" when there is no error. */
  synchronized String errorName() {
    return error == null ? "" : error.getString("errorName", "");
  }

  synchronized QueryState state() {
    if (cancelled || (error != null && "USER_CANCELED".equals(error.getString("errorName")))) {
      return QueryState.CANCELLED;
    }
    if (error != null || "FAILED".equals(trinoState)) {
      return QueryState.FAILED;
    }
    if (nextUri == null || streaming) {
      return QueryState.SUCCEEDED;
    }
    return QUEUED_STATES.contains(trinoState) ? QueryState.QUEUED : QueryState.RUNNING;
  }

  /** The failure results() answers for a query that ended without rows to page; null when there is none. */
  synchronized QueryException failure() {
    QueryState state = state();
    if (state == QueryState.CANCELLED) {
      return new QueryException(QueryException.Kind.CANCELLED, "Trino query " + id + " was cancelled");
    }
    if (state == QueryState.FAILED) {
      QueryStatus status = status();
      return new QueryException(status.userError() ? QueryException.Kind.INVALID_QUERY
          : QueryException.Kind.ENGINE_FAILED, status.error());
    }
    return null;
  }

  /**
   * Checks a page's first row number and lets go of every row before it: the caller has them. The page
   * just handed out stays until a later one is asked for, so a lost response can be asked for again.
   */
  synchronized void releaseBefore(long offset) {
    if (offset < firstBuffered) {
      throw new QueryException(QueryException.Kind.NOT_FOUND, "rows from " + offset + " of Trino query " + id
          + " were already released: its results are read forward, page after page");
    }
    if (offset > received) {
      throw new QueryException(QueryException.Kind.INVALID_QUERY, "page token " + offset
          + " is past the rows of Trino query " + id);
    }
    while (firstBuffered < offset) {
      rows.pollFirst();
      firstBuffered++;
    }
  }

  /** Whether a page of {@code maxRows} from {@code offset} needs another response from Trino first. */
  synchronized boolean needsRowsFor(long offset, int maxRows) {
    // One row more than the page, so the last page is known to be the last and no empty page follows it.
    return nextUri != null && !cancelled && error == null && received - offset <= maxRows;
  }

  synchronized ResultPage page(long offset, int maxRows) {
    List<List<Object>> page = new ArrayList<>(Math.min(maxRows, rows.size()));
    var iterator = rows.iterator();
    while (page.size() < maxRows && iterator.hasNext()) {
      page.add(iterator.next());
    }
    long next = offset + page.size();
    boolean more = next < received || nextUri != null;
    return new ResultPage(columns == null ? List.of() : columns, page, more ? TrinoEngine.pageToken(next) : null);
  }

  /** Marks the query cancelled, drops its rows and answers the uri that cancels it in Trino (null: ended). */
  synchronized String cancel() {
    String uri = cancelled || error != null ? null : nextUri;
    cancelled = true;
    nextUri = null;
    rows.clear();
    firstBuffered = received;
    return uri;
  }

  synchronized void touch() {
    lastTouchedNanos = System.nanoTime();
  }

  synchronized long idleNanos() {
    return System.nanoTime() - lastTouchedNanos;
  }
}
