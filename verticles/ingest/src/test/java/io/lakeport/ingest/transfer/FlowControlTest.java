package io.lakeport.ingest.transfer;

import io.lakeport.testing.GeneratedTableReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Credit-based flow control over the real event bus, with a writer slower than the source. */
@ExtendWith(VertxExtension.class)
class FlowControlTest {

  private static final int CREDITS = 3;
  private static final int CHUNK = 16 * 1024;

  /** A writer that takes each chunk only after a timer, far slower than the generated source. */
  static final class SlowSink implements ChunkSink<Long> {
    final Vertx vertx;
    final AtomicLong written = new AtomicLong();
    final List<String> lines = new ArrayList<>();
    final Set<Buffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    final long failAfter;
    Throwable aborted;

    SlowSink(Vertx vertx, long failAfter) {
      this.vertx = vertx;
      this.failAfter = failAfter;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      seen.add(chunk);
      Promise<Void> done = Promise.promise();
      vertx.setTimer(2, t -> {
        if (failAfter >= 0 && written.get() == failAfter) {
          done.fail("disk full (test)");
          return;
        }
        lines.add(chunk.toString());
        written.incrementAndGet();
        done.complete();
      });
      return done.future();
    }

    @Override
    public Future<Long> end(TransferEnd end) {
      return Future.succeededFuture(end.rows());
    }

    @Override
    public Future<Void> abort(Throwable cause) {
      aborted = cause;
      return Future.succeededFuture();
    }
  }

  @Test
  void sourceNeverHasMoreChunksInFlightThanItsCredits(Vertx vertx, VertxTestContext test) {
    long rows = 20_000;
    GeneratedTableReader reader = new GeneratedTableReader(vertx, rows, CHUNK, -1);
    SlowSink sink = new SlowSink(vertx, -1);
    AtomicLong maxInFlight = new AtomicLong();
    // Counted outside the code under test: chunks the cursor produced minus chunks the writer took.
    reader.onEmit(() -> maxInFlight.accumulateAndGet(reader.chunksEmitted() - sink.written.get(), Math::max));
    String transfer = TransferProtocol.newTransferAddress();
    ChunkSender sender = new ChunkSender(vertx, transfer, reader);
    ChunkReceiver<Long> receiver = new ChunkReceiver<>(vertx, transfer, CREDITS, sink);

    sender.start().compose(v -> receiver.start())
        .compose(v -> Future.all(sender.outcome(), receiver.outcome()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          TransferEnd end = all.resultAt(0);
          assertThat(end.rows()).isEqualTo(rows);
          assertThat((Long) all.resultAt(1)).isEqualTo(rows);
          assertThat(maxInFlight.get()).as("chunks in flight at the source").isLessThanOrEqualTo(CREDITS);
          assertThat(sender.maxInFlight()).isLessThanOrEqualTo(CREDITS);
          // The window was really used: the bound held under pressure, not by accident.
          assertThat(maxInFlight.get()).isEqualTo(CREDITS);
          assertThat(reader.chunksEmitted()).isGreaterThan(10L * CREDITS);
          String all2 = String.join("", sink.lines);
          assertThat(all2.split("\n")).hasSize((int) rows);
          assertThat(all2).startsWith(GeneratedTableReader.line(1)).endsWith(GeneratedTableReader.line(rows));
          assertThat(reader.closed()).isTrue();
          assertThat(sink.aborted).isNull();
          test.completeNow();
        })));
  }

  @Test
  void chunksAreDeliveredLocallyWithoutCopies(Vertx vertx, VertxTestContext test) {
    List<Buffer> sent = new ArrayList<>();
    GeneratedTableReader reader = new GeneratedTableReader(vertx, 500, CHUNK, -1);
    SlowSink sink = new SlowSink(vertx, -1);
    String transfer = TransferProtocol.newTransferAddress();
    ChunkSender sender = new ChunkSender(vertx, transfer, reader);
    // Watch the buffers the sender hands to the bus by wrapping the reader's consumer.
    ChunkReceiver<Long> receiver = new ChunkReceiver<>(vertx, transfer, CREDITS, sink);
    reader.onEmit(() -> { });
    sender.start().compose(v -> receiver.start()).compose(v -> receiver.outcome())
        .onComplete(test.succeeding(n -> test.verify(() -> {
          assertThat(sink.seen).hasSize((int) reader.chunksEmitted());
          test.completeNow();
        })));
    vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (ctx.message().body() instanceof Buffer b) {
        sent.add(b);
      }
      ctx.next();
    });
    vertx.eventBus().addInboundInterceptor(ctx -> {
      if (ctx.message().body() instanceof Buffer b && !sent.isEmpty()) {
        test.verify(() -> assertThat(sent.stream().anyMatch(s -> s == b)).as("same Buffer instance delivered").isTrue());
      }
      ctx.next();
    });
  }

  @Test
  void aWriterFailureStopsTheSourceAndClosesItsCursor(Vertx vertx, VertxTestContext test) {
    GeneratedTableReader reader = new GeneratedTableReader(vertx, 100_000, CHUNK, -1);
    SlowSink sink = new SlowSink(vertx, 5);
    String transfer = TransferProtocol.newTransferAddress();
    ChunkSender sender = new ChunkSender(vertx, transfer, reader);
    ChunkReceiver<Long> receiver = new ChunkReceiver<>(vertx, transfer, CREDITS, sink);
    sender.start().compose(v -> receiver.start()).onFailure(test::failNow);
    Future.join(sender.outcome(), receiver.outcome()).onComplete(x -> test.verify(() -> {
      assertThat(receiver.outcome().cause()).hasMessageContaining("disk full (test)");
      assertThat(sender.outcome().cause()).hasMessageContaining("the lake writer aborted").hasMessageContaining("disk full");
      assertThat(sink.aborted).hasMessageContaining("disk full");
      assertThat(reader.closed()).isTrue();
      assertThat(reader.chunksEmitted()).isLessThanOrEqualTo(5 + 1 + CREDITS);
      test.completeNow();
    }));
  }

  @Test
  void aSourceFailureAbortsTheWriter(Vertx vertx, VertxTestContext test) {
    GeneratedTableReader reader = new GeneratedTableReader(vertx, 100_000, CHUNK, 7);
    SlowSink sink = new SlowSink(vertx, -1);
    String transfer = TransferProtocol.newTransferAddress();
    ChunkSender sender = new ChunkSender(vertx, transfer, reader);
    ChunkReceiver<Long> receiver = new ChunkReceiver<>(vertx, transfer, CREDITS, sink);
    AtomicReference<Throwable> writerSaw = new AtomicReference<>();
    sender.start().compose(v -> receiver.start()).onFailure(test::failNow);
    Future.join(sender.outcome(), receiver.outcome()).onComplete(x -> test.verify(() -> {
      writerSaw.set(receiver.outcome().cause());
      assertThat(writerSaw.get()).hasMessageContaining("cursor of table gen failed");
      assertThat(sink.aborted).hasMessageContaining("cursor of table gen failed");
      assertThat(sender.outcome().failed()).isTrue();
      assertThat(reader.closed()).isTrue();
      test.completeNow();
    }));
  }
}
