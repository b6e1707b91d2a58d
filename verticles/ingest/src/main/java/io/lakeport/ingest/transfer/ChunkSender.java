package io.lakeport.ingest.transfer;

import io.lakeport.source.TableReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayDeque;

/**
 * The source side of a transfer: forwards the chunks of a {@link TableReader} to the receiver's private
 * address, never more than the receiver has granted credits for. The reader is in fetch mode and is asked
 * for exactly as many chunks as there are credits, so the database cursor stops when the writer falls
 * behind. Owns the reader: closes it when the transfer ends, whichever way.
 *
 * <p>Everything runs on the context that called {@link #start()}.
 */
public final class ChunkSender {

  private final EventBus bus;
  private final String transfer;
  private final TableReader reader;
  private final Promise<TransferEnd> outcome = Promise.promise();
  /** Chunks a reader emitted past its demand; held here so the credit bound holds even then. */
  private final ArrayDeque<Buffer> held = new ArrayDeque<>();

  private MessageConsumer<Object> control;
  private long credits;
  private long sent;
  private long returned;
  private long bytes;
  private long maxInFlight;
  private boolean readerEnded;
  private boolean endSent;
  private boolean finished;

  public ChunkSender(Vertx vertx, String transfer, TableReader reader) {
    this.bus = vertx.eventBus();
    this.transfer = transfer;
    this.reader = reader;
    PassThroughBufferCodec.register(vertx);
  }

  /** Registers the control address; the receiver may grant credits once this completes. */
  public Future<Void> start() {
    reader.handler(this::onChunk);
    reader.exceptionHandler(this::onReaderFailure);
    reader.endHandler(v -> onReaderEnd());
    control = bus.consumer(TransferProtocol.controlAddress(transfer), this::onControl);
    return control.completion();
  }

  /**
   * Completes once the receiver acknowledged the end of the stream (the reader is closed by then); fails
   * when the reader fails, the receiver aborts or {@link #cancel} is called.
   */
  public Future<TransferEnd> outcome() {
    return outcome.future();
  }

  /** Stops the transfer: tells the receiver to abort and closes the reader. */
  public void cancel(String reason) {
    if (finished) {
      return;
    }
    bus.send(TransferProtocol.dataAddress(transfer), reason, TransferProtocol.kind(TransferProtocol.FAIL));
    finish(new TransferException(reason));
  }

  /** Chunks sent and not yet paid back by a credit. */
  public long inFlight() {
    return sent - returned;
  }

  /** The most chunks that were ever in flight at once. */
  public long maxInFlight() {
    return maxInFlight;
  }

  public long bytesSent() {
    return bytes;
  }

  /**
   * True while the sender has used every credit and the reader has no demand left, so the database
   * cursor is paused until the receiver pays a credit back: the lake writer is the slower side.
   */
  public boolean waitingForCredits() {
    return !finished && !readerEnded && sent > 0 && credits == 0;
  }

  public long rowsRead() {
    return reader.rows();
  }

  private void onControl(Message<Object> message) {
    if (finished) {
      return;
    }
    String kind = message.headers().get(TransferProtocol.KIND);
    if (TransferProtocol.CREDIT.equals(kind)) {
      int grant = (Integer) message.body();
      if (message.headers().get(TransferProtocol.WINDOW) == null) {
        returned += grant;
      }
      credits += grant;
      while (credits > 0 && !held.isEmpty()) {
        send(held.poll());
      }
      if (readerEnded) {
        if (held.isEmpty()) {
          sendEnd();
        }
      } else {
        // Demand given to the reader equals credits granted, so it never emits past the window.
        reader.fetch(grant);
      }
    } else if (TransferProtocol.ABORT.equals(kind)) {
      finish(new TransferException("the lake writer aborted: " + message.body()));
    }
  }

  private void onChunk(Buffer chunk) {
    if (finished) {
      return;
    }
    if (credits == 0) {
      held.add(chunk);
      return;
    }
    send(chunk);
  }

  private void send(Buffer chunk) {
    credits--;
    sent++;
    bytes += chunk.length();
    maxInFlight = Math.max(maxInFlight, sent - returned);
    bus.send(TransferProtocol.dataAddress(transfer), chunk,
        TransferProtocol.kind(TransferProtocol.CHUNK).setCodecName(PassThroughBufferCodec.NAME));
  }

  private void onReaderEnd() {
    if (finished) {
      return;
    }
    readerEnded = true;
    if (held.isEmpty()) {
      sendEnd();
    }
  }

  private void sendEnd() {
    if (endSent) {
      return;
    }
    endSent = true;
    TransferEnd end = new TransferEnd(reader.rows(), bytes, reader.maxWatermark(), reader.warnings(), reader.cursors());
    bus.request(TransferProtocol.dataAddress(transfer), end.toJson(), TransferProtocol.kind(TransferProtocol.END))
        .onComplete(ack -> {
          if (ack.succeeded()) {
            finish(end);
          } else {
            finish(new TransferException("the lake writer did not take the end of the stream: "
                + ack.cause().getMessage(), ack.cause()));
          }
        });
  }

  private void onReaderFailure(Throwable failure) {
    if (finished) {
      return;
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    bus.send(TransferProtocol.dataAddress(transfer), message, TransferProtocol.kind(TransferProtocol.FAIL));
    finish(failure);
  }

  private void finish(Object result) {
    if (finished) {
      return;
    }
    finished = true;
    held.clear();
    reader.pause();
    Future<Void> unregistered = control == null ? Future.succeededFuture() : control.unregister();
    Future<Void> closed = reader.close().recover(e -> Future.succeededFuture());
    Future.join(unregistered, closed).onComplete(x -> {
      if (result instanceof TransferEnd end) {
        outcome.tryComplete(end);
      } else {
        outcome.tryFail((Throwable) result);
      }
    });
  }
}
