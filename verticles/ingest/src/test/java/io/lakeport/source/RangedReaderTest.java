package io.lakeport.source;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.lake.ValueWarnings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.awaitCondition;
import static io.lakeport.source.SourceTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ranges of one read merged into one reader, without a database: each range a reader over a cursor of
 * numbers on an event loop of its own.
 */
class RangedReaderTest {

  /** About ten rows ({@code {"id":1234}}) a chunk. */
  private static final int CHUNK_BYTES = 120;

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /** A cursor over {@code from..to} that emits in batches while resumed and fails past {@code failAfter}. */
  private static final class Cursor implements ReadStream<Long> {
    private final Context context;
    private final long end;
    private final long failAfter;
    private long next;
    private boolean paused = true;
    private boolean ended;
    final AtomicLong pulled = new AtomicLong();
    private Handler<Long> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    Cursor(Context context, long from, long to, long failAfter) {
      this.context = context;
      this.next = from;
      this.end = to;
      this.failAfter = failAfter;
    }

    private void pump() {
      for (int batch = 0; !paused && next <= end && batch < 50; batch++) {
        if (next > failAfter) {
          paused = true;
          exceptionHandler.handle(new IllegalStateException("cursor lost at " + next));
          return;
        }
        pulled.incrementAndGet();
        handler.handle(next++);
      }
      if (!paused && next > end && !ended) {
        ended = true;
        endHandler.handle(null);
      } else if (!paused && next <= end) {
        context.runOnContext(v -> pump());
      }
    }

    @Override
    public ReadStream<Long> exceptionHandler(Handler<Throwable> handler) {
      this.exceptionHandler = handler;
      return this;
    }

    @Override
    public ReadStream<Long> handler(Handler<Long> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public ReadStream<Long> pause() {
      paused = true;
      return this;
    }

    @Override
    public ReadStream<Long> resume() {
      paused = false;
      context.runOnContext(v -> pump());
      return this;
    }

    @Override
    public ReadStream<Long> fetch(long amount) {
      return resume();
    }

    @Override
    public ReadStream<Long> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }
  }

  /** One range: rows {@code {"id":n}}, the id its watermark. */
  private static final class Range extends ChunkedReader<Long> {
    final AtomicBoolean released = new AtomicBoolean();
    Cursor cursor;

    Range(Context context, String description, ValueWarnings warnings) {
      super(context, description, warnings, CHUNK_BYTES);
    }

    @Override
    protected void writeFields(JsonGenerator out, Long item) throws IOException {
      out.writeNumberField("id", item);
    }

    @Override
    protected Object watermarkOf(Long item) {
      return item;
    }

    @Override
    protected String watermarkText(Object value) {
      return value.toString();
    }

    @Override
    protected Future<Void> releaseResources() {
      released.set(true);
      return Future.succeededFuture();
    }
  }

  private Range range(long from, long to, long failAfter, ValueWarnings warnings) {
    Context context = ((VertxInternal) vertx).createEventLoopContext();
    Promise<Range> opened = Promise.promise();
    context.runOnContext(v -> {
      Range range = new Range(context, "range " + from + ".." + to, warnings);
      range.cursor = new Cursor(context, from, to, failAfter);
      range.start(range.cursor);
      opened.complete(range);
    });
    return await(opened.future());
  }

  private RangedReader ranged(List<Range> ranges, ValueWarnings warnings) {
    Context context = ((VertxInternal) vertx).createEventLoopContext();
    Promise<RangedReader> made = Promise.promise();
    context.runOnContext(v -> made.complete(new RangedReader(context, ranges, warnings)));
    return await(made.future());
  }

  private static List<Long> ids(List<Buffer> chunks) {
    List<Long> ids = new ArrayList<>();
    for (Buffer chunk : chunks) {
      for (String line : chunk.toString().split("\n")) {
        ids.add(Long.parseLong(line.replaceAll("\\D", "")));
      }
    }
    return ids;
  }

  @Test
  void everyRowOfEveryRangeOnceAndTheEndAfterTheLastRange() {
    ValueWarnings warnings = new ValueWarnings("t");
    List<Range> ranges = List.of(range(1, 1000, Long.MAX_VALUE, warnings), range(1001, 1500, Long.MAX_VALUE, warnings),
        range(1501, 1502, Long.MAX_VALUE, warnings));
    RangedReader reader = ranged(ranges, warnings);
    List<Long> ids = ids(readAll(reader));
    assertThat(ids.stream().sorted().toList()).containsExactlyElementsOf(LongStream.rangeClosed(1, 1502).boxed().toList());
    assertThat(reader.rows()).isEqualTo(1502);
    assertThat(reader.maxWatermark()).as("the largest over the ranges, by value").isEqualTo("1502");
    assertThat(ranges).allMatch(r -> r.released.get());
  }

  @Test
  void eachRangeReadsAheadByABoundedNumberOfChunksWhateverItsSize() throws Exception {
    ValueWarnings warnings = new ValueWarnings("t");
    List<Range> ranges = List.of(range(1, 100_000, Long.MAX_VALUE, warnings),
        range(100_001, 200_000, Long.MAX_VALUE, warnings));
    RangedReader reader = ranged(ranges, warnings);
    List<Buffer> chunks = new ArrayList<>();
    reader.handler(chunks::add);
    reader.fetch(1);
    awaitCondition("one chunk", () -> chunks.size() == 1);
    // Every range fills the chunk this reader keeps for it, then its own finished chunk, then stops.
    awaitCondition("both ranges to stop", () -> ranges.stream().allMatch(Range::cursorPaused));
    Thread.sleep(200);
    assertThat(chunks).hasSize(1);
    for (Range range : ranges) {
      assertThat(range.cursor.pulled.get()).as("rows pulled by a range that was asked for one chunk")
          .isLessThan(4 * CHUNK_BYTES / 10 + 50);
    }
    await(reader.close());
    assertThat(ranges).allMatch(r -> r.released.get());
  }

  @Test
  void aRangeThatFailsFailsTheReadOnceAndClosesEveryRange() throws Exception {
    ValueWarnings warnings = new ValueWarnings("t");
    List<Range> ranges = List.of(range(1, 50_000, Long.MAX_VALUE, warnings), range(50_001, 100_000, 50_300, warnings),
        range(100_001, 150_000, Long.MAX_VALUE, warnings));
    RangedReader reader = ranged(ranges, warnings);
    AtomicLong failures = new AtomicLong();
    Promise<Throwable> failed = Promise.promise();
    reader.exceptionHandler(e -> {
      failures.incrementAndGet();
      failed.tryComplete(e);
    });
    reader.endHandler(v -> failed.tryFail(new AssertionError("the read ended normally")));
    reader.handler(chunk -> reader.fetch(1));
    reader.fetch(1);
    Throwable failure = await(failed.future());
    assertThat(failure).isInstanceOf(SourceReadException.class).hasMessageContaining("range 50001..100000")
        .hasMessageContaining("cursor lost at 50301");
    awaitCondition("every range released", () -> ranges.stream().allMatch(r -> r.released.get()));
    Thread.sleep(100);
    assertThat(failures.get()).as("one failure, however many ranges are closed").isEqualTo(1);
  }
}
