package io.lakeport.source;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A JDBC result set as a demand-driven stream of rows. JDBC blocks, so each fetch of up to {@code fetchSize}
 * rows runs as one blocking task on a worker thread, never two at once for one stream, and only while there
 * is demand; rows then arrive on the stream's context. The driver's own fetch size (set on the statement)
 * makes PostgreSQL use a cursor and MariaDB stream, so the driver holds one fetch too.
 *
 * <p>vertx-jdbc-client 5.0.7 is not used for reading: its {@code RowStream} executes the statement and reads
 * the whole result set into memory before the first row (JDBCPreparedQuery ignores the fetch size).
 */
final class JdbcRowStream implements ReadStream<Object[]> {

  /** Reads the current row of a result set into Java values the writers take. */
  interface RowExtractor {
    Object[] extract(ResultSet rs) throws SQLException;
  }

  /** What an open query holds in the database: its connection (in a transaction), statement and result set. */
  record Cursor(Connection connection, Statement statement, ResultSet resultSet) {

    /** Blocking: closes the result set and the statement, rolls the transaction back and closes the connection. */
    void release() {
      closeQuietly(resultSet);
      closeQuietly(statement);
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // The connection may be gone already; closing it is what matters.
      }
      closeQuietly(connection);
    }
  }

  private record Batch(List<Object[]> rows, boolean last) {
  }

  private final Context context;
  private final Cursor cursor;
  private final RowExtractor extractor;
  private final int fetchSize;

  private final Deque<Object[]> pending = new ArrayDeque<>();
  private long demand = Long.MAX_VALUE;
  private boolean reading;
  private boolean exhausted;
  private boolean ended;
  private boolean closed;
  private Future<?> lastTask = Future.succeededFuture();

  private Handler<Object[]> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;

  JdbcRowStream(Context context, Cursor cursor, RowExtractor extractor, int fetchSize) {
    this.context = context;
    this.cursor = cursor;
    this.extractor = extractor;
    this.fetchSize = fetchSize;
  }

  @Override
  public ReadStream<Object[]> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Object[]> handler(Handler<Object[]> handler) {
    this.handler = handler;
    checkPending();
    return this;
  }

  @Override
  public ReadStream<Object[]> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Object[]> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Object[]> fetch(long amount) {
    demand += amount;
    if (demand < 0) {
      demand = Long.MAX_VALUE;
    }
    checkPending();
    return this;
  }

  @Override
  public ReadStream<Object[]> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void checkPending() {
    while (!closed && demand > 0 && handler != null && !pending.isEmpty()) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(pending.poll());
    }
    if (closed || handler == null || demand == 0 || !pending.isEmpty() || reading) {
      return;
    }
    if (exhausted) {
      if (!ended) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
      return;
    }
    reading = true;
    Future<Batch> task = context.executeBlocking(this::readBatch, false);
    lastTask = task;
    task.onComplete(ar -> {
      reading = false;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        closed = true;
        if (exceptionHandler != null) {
          exceptionHandler.handle(ar.cause());
        }
        return;
      }
      pending.addAll(ar.result().rows());
      exhausted = ar.result().last();
      checkPending();
    });
  }

  private Batch readBatch() throws SQLException {
    List<Object[]> rows = new ArrayList<>(Math.min(fetchSize, 4096));
    while (rows.size() < fetchSize) {
      if (!cursor.resultSet().next()) {
        return new Batch(rows, true);
      }
      rows.add(extractor.extract(cursor.resultSet()));
    }
    return new Batch(rows, false);
  }

  /** Closes the result set, statement and connection after any fetch still running. */
  Future<Void> close() {
    closed = true;
    pending.clear();
    return lastTask.transform(ar -> context.executeBlocking(() -> {
      cursor.release();
      return null;
    }, false));
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Releasing after a failure: the first error is the one reported.
      }
    }
  }
}
