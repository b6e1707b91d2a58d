package io.lakeport.source;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The consumer side every {@link TableReader} shares: the handlers, the demand the consumer gave, and one drain
 * loop that runs the reader's {@link #step()} until it has nothing more to do. All of it is touched on the
 * reader's context; calls from other threads hop onto it.
 */
abstract class DemandReader implements TableReader {

  protected final Context context;

  private long demand;
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private boolean failureDelivered;
  private Throwable failure;
  private boolean endDelivered;
  private boolean closed;
  private boolean draining;
  private boolean redrain;

  protected DemandReader(Context context) {
    this.context = context;
  }

  /**
   * One step of a reader that is neither closed nor failed: hand out a chunk ({@link #emit}), deliver the end
   * ({@link #deliverEnd}), or pull from upstream. The drain loop runs it again after an emit, and whenever it
   * was asked to while running.
   */
  protected abstract void step();

  /** Whether the read is over: closed, failed, or its end delivered. */
  protected final boolean isDone() {
    return closed || failure != null || endDelivered;
  }

  protected final boolean isClosed() {
    return closed;
  }

  protected final boolean endDelivered() {
    return endDelivered;
  }

  /**
   * Fails the read with {@code cause}, delivered once; false (and nothing done) when the read is already
   * over. The caller then releases what it holds.
   */
  protected final boolean failWith(Throwable cause) {
    if (isDone()) {
      return false;
    }
    failure = cause;
    return true;
  }

  /** Marks the read closed by the consumer: nothing more is delivered. */
  protected final void markClosed() {
    closed = true;
  }

  /** Runs {@link #step()} until it settles; a call from inside a step only asks for one more round. */
  protected final void drain() {
    if (draining) {
      redrain = true;
      return;
    }
    draining = true;
    try {
      do {
        redrain = false;
        if (closed) {
          return;
        }
        if (failure != null) {
          deliverFailure();
          return;
        }
        step();
      } while (redrain);
    } finally {
      draining = false;
    }
  }

  /** Whether the consumer is there and wants a chunk. */
  protected final boolean wantsChunks() {
    return demand > 0 && handler != null;
  }

  protected final boolean hasHandler() {
    return handler != null;
  }

  /** Hands {@code chunk} to the consumer against one unit of its demand. */
  protected final void emit(Buffer chunk) {
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    handler.handle(chunk);
    redrain = true;
  }

  /** Delivers the failure once, as soon as there is an exception handler. */
  private void deliverFailure() {
    if (!failureDelivered && exceptionHandler != null) {
      failureDelivered = true;
      exceptionHandler.handle(failure);
    }
  }

  /** Delivers the end, once. */
  protected final void deliverEnd() {
    if (endDelivered) {
      return;
    }
    endDelivered = true;
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  protected final void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  @Override
  public TableReader handler(Handler<Buffer> handler) {
    onContext(() -> {
      this.handler = handler;
      if (handler == null) {
        close();
      } else {
        drain();
      }
    });
    return this;
  }

  @Override
  public TableReader exceptionHandler(Handler<Throwable> handler) {
    onContext(() -> {
      this.exceptionHandler = handler;
      drain();
    });
    return this;
  }

  @Override
  public TableReader endHandler(Handler<Void> endHandler) {
    onContext(() -> this.endHandler = endHandler);
    return this;
  }

  @Override
  public TableReader pause() {
    onContext(() -> {
      demand = 0;
      drain();
    });
    return this;
  }

  @Override
  public TableReader resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public TableReader fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("negative fetch amount " + amount);
    }
    onContext(() -> {
      demand += amount;
      if (demand < 0) {
        demand = Long.MAX_VALUE;
      }
      drain();
    });
    return this;
  }
}
