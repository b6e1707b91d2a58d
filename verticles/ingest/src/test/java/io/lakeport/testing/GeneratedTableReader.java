package io.lakeport.testing;

import io.lakeport.source.TableReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only {@link TableReader} over generated rows {@code {"id":N,"name":"row-N","pad":"..."}}: honours
 * the fetch-mode contract (emits only what was asked for), counts what it emitted, and can fail after a
 * given number of chunks the way a database cursor fails. Ids are 1..rows, so the watermark is the last id.
 */
public final class GeneratedTableReader implements TableReader {

  private final Vertx vertx;
  private final Context context;
  private final long firstId;
  private final long delayMs;
  private final long totalRows;
  private final int chunkBytes;
  private final long failAfterChunks;
  private final AtomicLong emitted = new AtomicLong();

  private Runnable onEmit = () -> { };
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private long demand;
  private long nextId;
  private boolean scheduled;
  private boolean closed;
  private boolean done;

  public GeneratedTableReader(Vertx vertx, long rows, int chunkBytes, long failAfterChunks) {
    this(vertx, 1, rows, chunkBytes, failAfterChunks, 0);
  }

  /**
   * Rows {@code firstId..lastId}; with {@code delayMs} each chunk is emitted that long after it was asked
   * for, like a slow database.
   */
  public GeneratedTableReader(Vertx vertx, long firstId, long lastId, int chunkBytes, long failAfterChunks,
                              long delayMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.firstId = firstId;
    this.nextId = firstId;
    this.delayMs = delayMs;
    this.totalRows = lastId;
    this.chunkBytes = chunkBytes;
    this.failAfterChunks = failAfterChunks;
  }

  public static String line(long id) {
    return "{\"id\":" + id + ",\"name\":\"row-" + id + "\",\"pad\":\"" + "x".repeat(40) + "\"}\n";
  }

  /** Chunks emitted so far (read from any thread). */
  public long chunksEmitted() {
    return emitted.get();
  }

  /** Runs just before each chunk is handed to the consumer. */
  public GeneratedTableReader onEmit(Runnable listener) {
    this.onEmit = listener;
    return this;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  private void schedule() {
    if (!scheduled && !closed && !done) {
      scheduled = true;
      if (delayMs > 0) {
        context.runOnContext(x -> vertx.setTimer(delayMs, t -> {
          scheduled = false;
          emit();
        }));
      } else {
        context.runOnContext(v -> {
          scheduled = false;
          emit();
        });
      }
    }
  }

  private void emit() {
    if (closed || done || demand == 0) {
      return;
    }
    if (failAfterChunks >= 0 && emitted.get() == failAfterChunks) {
      done = true;
      if (exceptionHandler != null) {
        exceptionHandler.handle(new IllegalStateException("generated: cursor of table gen failed after "
            + failAfterChunks + " chunks"));
      }
      return;
    }
    if (nextId > totalRows) {
      done = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    Buffer chunk = Buffer.buffer(chunkBytes + 256);
    while (nextId <= totalRows && chunk.length() < chunkBytes) {
      chunk.appendString(line(nextId++));
    }
    demand--;
    emitted.incrementAndGet();
    onEmit.run();
    handler.handle(chunk);
    schedule();
  }

  @Override
  public long rows() {
    return nextId - firstId;
  }

  @Override
  public String maxWatermark() {
    return nextId == firstId ? null : String.valueOf(nextId - 1);
  }

  @Override
  public List<String> warnings() {
    return List.of();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return Future.succeededFuture();
  }
}
