package io.lakeport.query;

import io.lakeport.query.QueryException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rows of one SUCCEEDED query, read from its engine in order and kept, so that any page of them can be
 * served again, in any order: engines page forward only (Trino's protocol cannot go back; Athena's tokens
 * are the engine's), this class turns that into pages by row offset, with tokens {@code c<offset>}.
 * <ul>
 *   <li><b>Bounded:</b> at most {@code maxRows} rows are kept, a window {@code [first, end)} of the result.
 *   A result that fits is kept whole: every page can be read again, and its total is known once the engine
 *   said it has no more. A larger one stays readable forward: reading a page past the window lets go of the
 *   oldest rows (never those of the page asked for), and a page before {@link #first} then fails with
 *   {@link PageNotKeptException}. A page of more rows than the bound is served (the window then holds that
 *   page), so memory is bounded by {@code max(maxRows, rows of a page)} rows.</li>
 *   <li><b>Read ahead:</b> {@link #readAhead} reads on while the window has room, in chunks of
 *   {@value #READ_AHEAD_ROWS} rows, so that the total is known (and the engine's query drained) without a
 *   client reading every page; it stops at a failure, which the next page asked for then meets again.</li>
 *   <li><b>One engine call at a time:</b> the engine's token continues only from the last page it handed
 *   out, so calls are chained; a page that needs rows not read yet waits for the call under way.</li>
 * </ul>
 * When the whole result has been read the {@code onComplete} listener is told once (row count, cache).
 * Thread-safe; the monitor is never held across an engine call.
 */
final class ResultSpool {

  private static final Logger LOG = LoggerFactory.getLogger(ResultSpool.class);

  /** Rows asked of the engine per read-ahead call: pages a client waits for are not held up for long. */
  static final int READ_AHEAD_ROWS = 1000;
  private static final String TOKEN_PREFIX = "c";

  private final QueryEngine engine;
  private final String engineQueryId;
  private final int maxRows;
  private final Consumer<ResultSpool> onComplete;

  // guarded by this
  private List<ResultColumn> columns = List.of();
  private List<List<Object>> rows;
  /** The result's row number of {@code rows.get(0)}. */
  private long first;
  /** The engine's token that continues after the last row read; null before the first call. */
  private String engineToken;
  private boolean complete;
  private boolean readsAhead;
  private boolean closed;
  /** The engine call under way, or null. */
  private Future<Void> fetching;

  /** A spool that reads {@code engineQueryId}'s rows from {@code engine}, keeping at most {@code maxRows}. */
  ResultSpool(QueryEngine engine, String engineQueryId, int maxRows, Consumer<ResultSpool> onComplete) {
    this.engine = engine;
    this.engineQueryId = engineQueryId;
    this.maxRows = maxRows;
    this.onComplete = onComplete;
    this.rows = new ArrayList<>();
  }

  private ResultSpool(List<ResultColumn> columns, List<List<Object>> rows) {
    this.engine = null;
    this.engineQueryId = null;
    this.maxRows = rows.size();
    this.onComplete = spool -> { };
    this.columns = columns;
    this.rows = rows;
    this.complete = true;
  }

  /** A spool over a complete result that is kept already (a cache entry): nothing to read. */
  static ResultSpool of(ResultCache.Entry entry) {
    return new ResultSpool(entry.columns(), entry.rows());
  }

  /** The token of the page that starts at row {@code offset}. */
  static String token(long offset) {
    return TOKEN_PREFIX + offset;
  }

  /** The row a page token names, or -1 when it is not a token of this form. */
  static long offsetOf(String token) {
    if (token == null) {
      return 0;
    }
    if (!token.startsWith(TOKEN_PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(token.substring(TOKEN_PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Up to {@code pageRows} rows from row {@code offset}, reading from the engine as far as needed; its
   * {@code nextToken} names the row after it, null once the result's end is reached.
   */
  Future<ResultPage> page(long offset, int pageRows) {
    Future<Void> other;
    Call mine;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new QueryException(Kind.NOT_FOUND, "the results are no longer kept"));
      }
      if (offset < first) {
        return Future.failedFuture(new PageNotKeptException(offset, first, maxRows));
      }
      long end = first + rows.size();
      if (complete && offset > end) {
        return Future.failedFuture(new QueryException(Kind.INVALID_QUERY,
            "'" + token(offset) + "' is not a page token of this result"));
      }
      if (complete || end >= offset + pageRows) {
        return Future.succeededFuture(slice(offset, pageRows));
      }
      other = fetching;
      mine = other == null ? reserve((int) Math.min(Integer.MAX_VALUE, offset + pageRows - end), offset) : null;
    }
    if (mine == null) {
      // Another's call failing is not this page's failure: look again once it is over.
      return other.transform(ar -> page(offset, pageRows));
    }
    return call(mine).compose(v -> page(offset, pageRows));
  }

  /** Reads on while the window has room, until the end of the result, a failure, or {@link #close}. */
  void readAhead() {
    Call next;
    synchronized (this) {
      readsAhead = true;
      next = nextReadAhead();
    }
    if (next != null) {
      call(next);
    }
  }

  /** Lets go of every row and stops reading ahead: nobody will ask for a page any more. */
  synchronized void close() {
    closed = true;
    rows = List.of();
  }

  /** The number of rows of the result, once it has been read to its end; else null. */
  synchronized Long rowCount() {
    return complete ? first + rows.size() : null;
  }

  /** The whole result, when it has been read to its end and is kept from its first row; else null. */
  synchronized ResultPage whole() {
    return complete && first == 0 ? new ResultPage(columns, rows, null) : null;
  }

  /** How many rows are kept now (for tests). */
  synchronized int keptRows() {
    return rows.size();
  }

  /** One engine call: {@code ask} rows after the last row read; rows before {@code keepFrom} may be let go. */
  private record Call(Promise<Void> done, String engineToken, int ask, long keepFrom) {
  }

  /** Marks a call as under way (under the monitor); {@link #call} then makes it, outside. */
  private Call reserve(int ask, long keepFrom) {
    Call call = new Call(Promise.promise(), engineToken, ask, keepFrom);
    fetching = call.done().future();
    return call;
  }

  /** The next read-ahead call (under the monitor), or null when there is nothing to read ahead. */
  private Call nextReadAhead() {
    int room = maxRows - rows.size();
    if (!readsAhead || closed || complete || fetching != null || room <= 0) {
      return null;
    }
    return reserve(Math.min(room, READ_AHEAD_ROWS), first);
  }

  private Future<Void> call(Call call) {
    engine.results(engineQueryId, call.engineToken(), call.ask()).onComplete(ar -> {
      boolean completed = false;
      Call next = null;
      synchronized (this) {
        fetching = null;
        if (ar.succeeded() && !closed) {
          completed = add(ar.result(), call.keepFrom());
          next = nextReadAhead();
        }
      }
      if (ar.failed() && readsAhead()) {
        LOG.debug("{} query {}: reading its results stopped at a failure: {}", engine.name(), engineQueryId,
            ar.cause().getMessage());
      }
      if (completed) {
        onComplete.accept(this);
      }
      call.done().handle(ar.mapEmpty());
      if (next != null) {
        call(next);
      }
    });
    return call.done().future();
  }

  private synchronized boolean readsAhead() {
    return readsAhead;
  }

  /** Adds a page the engine answered; true when it was the result's last. */
  private boolean add(ResultPage page, long keepFrom) {
    if (columns.isEmpty()) {
      columns = page.columns();
    }
    rows.addAll(page.rows());
    engineToken = page.nextToken();
    complete = engineToken == null;
    int drop = (int) Math.min(rows.size() - maxRows, keepFrom - first);
    if (drop > 0) {
      rows.subList(0, drop).clear();
      first += drop;
    }
    return complete;
  }

  private ResultPage slice(long offset, int pageRows) {
    int from = (int) (offset - first);
    int to = (int) Math.min(rows.size(), from + (long) pageRows);
    boolean last = complete && to == rows.size();
    return new ResultPage(columns, rows.subList(from, to), last ? null : token(first + to));
  }
}
