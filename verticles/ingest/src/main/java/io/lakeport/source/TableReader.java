package io.lakeport.source;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A cursor over one table, as a stream of chunks of JSON Lines: each buffer holds whole lines (one row
 * each, UTF-8, ending in {@code \n}) and is about the configured chunk size. It starts paused in fetch
 * mode: the consumer asks for chunks with {@link #fetch(long)} (or {@link #resume()}) and the reader
 * fetches from the database only to satisfy that demand, so memory is bounded by the chunk size and the
 * cursor's fetch size whatever the table size. A database failure ends the stream through the exception
 * handler, with a message naming the table.
 */
public interface TableReader extends ReadStream<Buffer> {

  /** Rows emitted so far. */
  long rows();

  /**
   * The largest watermark-column value emitted, in the text form {@link Source#open} accepts back; null
   * when no watermark column was given or no row was read.
   */
  String maxWatermark();

  /** Warnings about values the lake format had to map (zero dates, NaN, ...), at most a few per kind. */
  java.util.List<String> warnings();

  /** How many cursors read the table: more than one when it is read in ranges under one snapshot. */
  default int cursors() {
    return 1;
  }

  /** Stops reading and releases the cursor and its connection (also after a failure). */
  io.vertx.core.Future<Void> close();
}
