package io.lakeport.ingest.transfer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;

/**
 * The writer side of a transfer: grants the sender a window of {@code credits} chunks, hands chunks to a
 * {@link ChunkSink} one at a time and pays back one credit per chunk the sink has taken. At most
 * {@code credits} chunks are ever queued here or in transit, so the memory of a transfer is bounded by
 * credits x chunk size whatever the table size. A sink failure aborts the sender; a source failure aborts
 * the sink.
 *
 * <p>Everything runs on the context that called {@link #start()}.
 */
public final class ChunkReceiver<R> {

  private final EventBus bus;
  private final String transfer;
  private final int credits;
  private final ChunkSink<R> sink;
  private final Promise<R> outcome = Promise.promise();
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();

  private MessageConsumer<Object> data;
  private boolean writing;
  private TransferEnd end;
  private boolean finished;
  private boolean committing;

  public ChunkReceiver(Vertx vertx, String transfer, int credits, ChunkSink<R> sink) {
    if (credits < 1) {
      throw new IllegalArgumentException("credits must be at least 1");
    }
    this.bus = vertx.eventBus();
    this.transfer = transfer;
    this.credits = credits;
    this.sink = sink;
    PassThroughBufferCodec.register(vertx);
  }

  /** Registers the data address and grants the first window; the sender must have started. */
  public Future<Void> start() {
    data = bus.consumer(TransferProtocol.dataAddress(transfer), this::onData);
    return data.completion().onSuccess(v -> grant(credits, true));
  }

  /** The sink's result once the whole stream was written and committed; fails if either side failed. */
  public Future<R> outcome() {
    return outcome.future();
  }

  /**
   * Stops the transfer from the writer side: tells the sender to stop and aborts the sink, also while the
   * sink is committing (its commit then fails).
   */
  public void cancel(Throwable cause) {
    if (committing) {
      sink.abort(cause);
      return;
    }
    fail(cause, true);
  }

  private void onData(Message<Object> message) {
    if (finished) {
      return;
    }
    String kind = message.headers().get(TransferProtocol.KIND);
    switch (kind == null ? "" : kind) {
      case TransferProtocol.CHUNK -> {
        queue.add((Buffer) message.body());
        if (queue.size() > credits) {
          fail(new TransferException("protocol error: the source sent more than its " + credits + " credits"), true);
          return;
        }
        pump();
      }
      case TransferProtocol.END -> {
        message.reply(null);
        end = TransferEnd.fromJson((JsonObject) message.body());
        pump();
      }
      case TransferProtocol.FAIL -> fail(new TransferException(String.valueOf(message.body())), false);
      default -> fail(new TransferException("protocol error: unknown message kind '" + kind + "'"), true);
    }
  }

  private void pump() {
    if (writing || finished) {
      return;
    }
    Buffer chunk = queue.poll();
    if (chunk != null) {
      writing = true;
      sink.write(chunk).onComplete(written -> {
        writing = false;
        if (written.failed()) {
          fail(written.cause(), true);
        } else if (!finished) {
          grant(1, false);
          pump();
        }
      });
    } else if (end != null) {
      writing = true;
      finished = true;
      committing = true;
      data.unregister();
      sink.end(end).onComplete(committed -> {
        if (committed.succeeded()) {
          outcome.tryComplete(committed.result());
        } else {
          sink.abort(committed.cause()).onComplete(x -> outcome.tryFail(committed.cause()));
        }
      });
    }
  }

  private void grant(int count, boolean window) {
    var options = TransferProtocol.kind(TransferProtocol.CREDIT);
    if (window) {
      options.addHeader(TransferProtocol.WINDOW, "true");
    }
    bus.send(TransferProtocol.controlAddress(transfer), count, options);
  }

  private void fail(Throwable cause, boolean tellSender) {
    if (finished) {
      return;
    }
    finished = true;
    queue.clear();
    if (tellSender) {
      bus.send(TransferProtocol.controlAddress(transfer), cause.getMessage() == null ? cause.toString() : cause.getMessage(),
          TransferProtocol.kind(TransferProtocol.ABORT));
    }
    if (data != null) {
      data.unregister();
    }
    sink.abort(cause).onComplete(x -> outcome.tryFail(cause));
  }
}
