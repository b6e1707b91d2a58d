package io.lakeport.source;

import io.lakeport.lake.ValueWarnings;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One table read by several cursors at once, each over one range of it ({@link ReadRanges}) on an event loop
 * of its own, all under one snapshot of the database: to its consumer, one {@link TableReader}. Each range
 * reads ahead by at most one chunk kept here (besides the finished chunk and the chunk being filled that every
 * reader holds), so the memory of a read is bounded by {@code ranges × 3} chunks plus one cursor fetch per
 * range, whatever the table size; chunks go out against the consumer's demand, in the order they arrived.
 *
 * <p>The first failure of a range fails the read and closes every range. All state is touched on the
 * context the read was opened on; the ranges' callbacks hop onto it.
 */
final class RangedReader extends DemandReader {

  private record Received(int range, Buffer chunk) {
  }

  private final List<? extends ChunkedReader<?>> ranges;
  private final ValueWarnings warnings;

  private final boolean[] asked;
  private final boolean[] ended;
  private final int[] queuedFrom;
  private final ArrayDeque<Received> queue = new ArrayDeque<>();


  /**
   * @param context  where this reader lives (the caller's)
   * @param ranges   open readers of the ranges, each on its own context, nothing emitted yet
   * @param warnings the warnings the ranges share
   */
  RangedReader(Context context, List<? extends ChunkedReader<?>> ranges, ValueWarnings warnings) {
    super(context);
    this.ranges = List.copyOf(ranges);
    this.warnings = warnings;
    int n = ranges.size();
    this.asked = new boolean[n];
    this.ended = new boolean[n];
    this.queuedFrom = new int[n];
    for (int i = 0; i < n; i++) {
      int range = i;
      ChunkedReader<?> reader = ranges.get(i);
      reader.exceptionHandler(e -> onContext(() -> fail(e)));
      reader.endHandler(v -> onContext(() -> {
        ended[range] = true;
        asked[range] = false;
        drain();
      }));
      reader.handler(chunk -> onContext(() -> received(range, chunk)));
    }
  }

  /** How many ranges the table is read in. */
  int rangeCount() {
    return ranges.size();
  }

  @Override
  public int cursors() {
    return ranges.size();
  }

  private void received(int range, Buffer chunk) {
    asked[range] = false;
    if (isDone()) {
      return;
    }
    queue.add(new Received(range, chunk));
    queuedFrom[range]++;
    drain();
  }

  private void fail(Throwable cause) {
    if (!failWith(cause)) {
      return;
    }
    queue.clear();
    closeRanges();
    drain();
  }

  @Override
  protected void step() {
    if (wantsChunks() && !queue.isEmpty()) {
      Received next = queue.poll();
      queuedFrom[next.range()]--;
      emit(next.chunk());
      return;
    }
    if (!hasHandler()) {
      return;
    }
    boolean allEnded = true;
    for (int i = 0; i < ranges.size(); i++) {
      if (!ended[i]) {
        allEnded = false;
        if (!asked[i] && queuedFrom[i] == 0) {
          asked[i] = true;
          ranges.get(i).fetch(1);
        }
      }
    }
    if (allEnded && queue.isEmpty()) {
      deliverEnd();
    }
  }

  /** Rows the ranges have handed over, including the few chunks queued here; exact once the read ended. */
  @Override
  public long rows() {
    long rows = 0;
    for (ChunkedReader<?> range : ranges) {
      rows += range.rows();
    }
    return rows;
  }

  /** The largest of the ranges' largest watermark values (each range reads in the watermark's order). */
  @Override
  public String maxWatermark() {
    ChunkedReader<?> owner = null;
    Object max = null;
    for (ChunkedReader<?> range : ranges) {
      Object value = range.maxWatermarkValue();
      if (value != null && (max == null || compareWatermarks(value, max) > 0)) {
        max = value;
        owner = range;
      }
    }
    return owner == null ? null : owner.watermarkText(max);
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
      queue.clear();
      closeRanges().onComplete(promise);
    });
    return promise.future();
  }

  private Future<Void> closeRanges() {
    return Future.join(ranges.stream().map(ChunkedReader::close).toList()).<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  /**
   * The order of two watermark values of one column as the SQL clients hand them out: numbers (also decimals
   * read as text) by value, dates and timestamps by their own order, text by its characters. Only the columns
   * {@link #orderable} admits are read in ranges, so text order never stands in for a collation.
   */
  static int compareWatermarks(Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      return x.compareTo(y);
    }
    if (a instanceof Comparable<?> && a.getClass() == b.getClass()) {
      @SuppressWarnings("unchecked")
      Comparable<Object> c = (Comparable<Object>) a;
      return c.compareTo(b);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private static BigDecimal number(Object value) {
    try {
      return switch (value) {
        case Numeric n -> n.isNaN() ? null : n.bigDecimalValue();
        case BigDecimal d -> d;
        case Double d -> d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
        case Float f -> f.isNaN() || f.isInfinite() ? null : BigDecimal.valueOf(f);
        case Number n -> new BigDecimal(n.toString());
        case String s -> new BigDecimal(s);
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Whether a read with this watermark column (null: none) may be split into ranges: one whose values the
   * reader can order itself (numbers, dates, timestamps), since each range only knows its own largest value.
   */
  static boolean orderable(Column watermark) {
    if (watermark == null) {
      return true;
    }
    LakeType type = watermark.type();
    return type instanceof LakeType.Decimal || type == LakeType.Primitive.INTEGER || type == LakeType.Primitive.BIGINT
        || type == LakeType.Primitive.DOUBLE || type == LakeType.Primitive.DATE || type == LakeType.Primitive.TIMESTAMP;
  }
}
