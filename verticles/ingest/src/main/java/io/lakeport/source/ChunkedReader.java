package io.lakeport.source;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.lake.ValueWarnings;
import io.lakeport.lake.ValueWriters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The part of every {@link TableReader} that does not depend on the database: it pulls items (rows,
 * documents) from a cursor stream, writes each as one JSON line, assembles lines into chunks of about
 * {@code chunkBytes}, and hands a chunk out only against demand. The cursor stream flows only while there is
 * demand and no finished chunk is waiting, so at most one finished chunk, the one being filled and the rows
 * of one cursor fetch are held, whatever the table size.
 *
 * <p>All state is touched on the reader's context ({@link DemandReader}).
 *
 * @param <T> what the cursor yields
 */
abstract class ChunkedReader<T> extends DemandReader {

  protected final String description;
  protected final ValueWarnings warnings;
  private final int chunkBytes;

  private ReadStream<T> upstream;
  // Read by tests on other threads (what backpressure looks like from outside); written on the context only.
  private volatile boolean upstreamPaused = true;
  private boolean upstreamEnded;

  private final LineSink sink = new LineSink();
  private JsonGenerator generator;

  private Buffer current;
  private long currentRows;
  private Object currentWatermark;
  private Buffer ready;
  private long readyRows;
  private Object readyWatermark;

  // Read by callers on other threads (progress, tests); written on the context only.
  private volatile long received;
  private volatile long emittedRows;
  private volatile Object emittedWatermark;


  private Future<Void> released;


  /**
   * @param description names the source and table in messages, e.g. {@code source 'ms2' table 'pagos'}
   * @param warnings    where the column writers of this reader report mapped values
   */
  protected ChunkedReader(Context context, String description, ValueWarnings warnings, int chunkBytes) {
    super(context);
    this.description = description;
    this.warnings = warnings;
    this.chunkBytes = chunkBytes;
    this.current = Buffer.buffer(chunkBytes + chunkBytes / 8);
    this.generator = newGenerator();
  }

  /** Writes the fields of one item (the enclosing object is written by the caller). */
  protected abstract void writeFields(JsonGenerator out, T item) throws IOException;

  /** The item's watermark-column value as the source gave it; null when there is no watermark column. */
  protected abstract Object watermarkOf(T item);

  /** The text form of a watermark value that {@link Source#open} accepts back. */
  protected abstract String watermarkText(Object value);

  /** Releases the cursor and connection; called once, after the end, a failure or {@link #close()}. */
  protected abstract Future<Void> releaseResources();

  /** Starts pulling from the cursor stream (paused: nothing flows before demand). Call on the context. */
  protected final void start(ReadStream<T> stream) {
    this.upstream = stream;
    stream.pause();
    stream.exceptionHandler(this::fail);
    stream.endHandler(v -> {
      upstreamEnded = true;
      drain();
    });
    stream.handler(this::onItem);
  }

  /** Ends the stream with a failure (database error, lost connection); the message names the table. */
  protected final void fail(Throwable cause) {
    if (!failWith(cause instanceof SourceReadException ? cause
        : new SourceReadException(description + ": read failed: " + SourceReadException.describe(cause), cause))) {
      return;
    }
    ready = null;
    current = Buffer.buffer();
    release();
    drain();
  }

  private void onItem(T item) {
    received++;
    if (isDone()) {
      return;
    }
    try {
      sink.reset();
      generator.writeStartObject();
      writeFields(generator, item);
      generator.writeEndObject();
      generator.flush();
    } catch (IOException | RuntimeException e) {
      generator = newGenerator();
      fail(new SourceReadException(description + ": cannot write a row in the lake format: "
          + SourceReadException.describe(e), e));
      return;
    }
    current.appendBytes(sink.bytes, 0, sink.size).appendByte((byte) '\n');
    currentRows++;
    Object wm = watermarkOf(item);
    if (wm != null) {
      currentWatermark = wm;
    }
    if (current.length() >= chunkBytes && ready == null) {
      ready = current;
      readyRows = currentRows;
      readyWatermark = currentWatermark;
      current = Buffer.buffer(chunkBytes + chunkBytes / 8);
      currentRows = 0;
      currentWatermark = null;
      // Stop the cursor at once: the finished chunk waits for demand, and the stream may be emitting a
      // fetched batch synchronously right now.
      pauseUpstream();
      drain();
    }
  }

  private void pauseUpstream() {
    if (!upstreamPaused && upstream != null) {
      upstreamPaused = true;
      upstream.pause();
    }
  }

  @Override
  protected void step() {
    if (ready == null && upstreamEnded && current.length() > 0) {
      ready = current;
      readyRows = currentRows;
      readyWatermark = currentWatermark;
      current = Buffer.buffer(0);
      currentRows = 0;
      currentWatermark = null;
    }
    if (ready != null && wantsChunks()) {
      Buffer chunk = ready;
      ready = null;
      emittedRows += readyRows;
      if (readyWatermark != null) {
        emittedWatermark = readyWatermark;
      }
      readyRows = 0;
      readyWatermark = null;
      emit(chunk);
      return;
    }
    if (upstreamEnded) {
      if (ready == null && current.length() == 0 && !endDelivered()) {
        release();
        deliverEnd();
      }
      return;
    }
    boolean wantRows = ready == null && wantsChunks();
    if (wantRows && upstreamPaused && upstream != null) {
      upstreamPaused = false;
      upstream.resume();
    } else if (!wantRows) {
      pauseUpstream();
    }
  }

  /**
   * Whether the cursor stream is paused: before any demand, and whenever the demand is used up or a finished
   * chunk waits for it. The state a test of backpressure waits on.
   */
  boolean cursorPaused() {
    return upstreamPaused;
  }

  /** Items the cursor stream has handed to this reader, emitted or not: what backpressure bounds. */
  long received() {
    return received;
  }

  @Override
  public long rows() {
    return emittedRows;
  }

  /** The largest watermark-column value emitted, as the source gave it; null when none. */
  Object maxWatermarkValue() {
    return emittedWatermark;
  }

  @Override
  public String maxWatermark() {
    return emittedWatermark == null ? null : watermarkText(emittedWatermark);
  }

  @Override
  public List<String> warnings() {
    return warnings.list();
  }

  @Override
  public Future<Void> close() {
    Promise<Void> promise = Promise.promise();
    onContext(() -> {
      markClosed();
      ready = null;
      current = Buffer.buffer(0);
      release().onComplete(promise);
    });
    return promise.future();
  }

  /** Runs {@link #releaseResources()} at most once and remembers that it ran; never fails. */
  private Future<Void> release() {
    if (released == null) {
      Future<Void> f;
      try {
        f = releaseResources();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      released = f.recover(e -> Future.succeededFuture());
    }
    return released;
  }

  private static JsonGenerator newGenerator0(LineSink sink) {
    try {
      JsonGenerator g = ValueWriters.JSON.createGenerator(sink);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      return g;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonGenerator newGenerator() {
    return newGenerator0(sink);
  }

  /** The bytes of the line being written; reused for every line. */
  private static final class LineSink extends OutputStream {
    byte[] bytes = new byte[4096];
    int size;

    void reset() {
      size = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int extra) {
      if (size + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
      }
    }
  }
}
