package io.lakeport.ingest.transfer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where a {@link ChunkReceiver} hands the chunks it receives, one at a time: the next {@link #write} comes
 * only after the previous one completed, and a completed write is what frees a credit for the sender.
 *
 * @param <R> what a successful end produces (for the lake writer: the committed objects)
 */
public interface ChunkSink<R> {

  Future<Void> write(Buffer chunk);

  /** The source reached its end and every chunk was written: commit. */
  Future<R> end(TransferEnd end);

  /** Discard everything written so far; called once on any failure, also after a failed {@link #end}. */
  Future<Void> abort(Throwable cause);
}
