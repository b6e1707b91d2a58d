package io.lakeport.ingest.transfer;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Delivers a {@link Buffer} to a consumer in the same process as the very same object. The event bus's
 * default Buffer codec copies every local message, which would double the bytes of each chunk in flight;
 * a chunk's sender never touches it again after sending, so handing it over is safe. Between processes of
 * a clustered bus the bytes go on the wire as usual (length prefix and content).
 */
public final class PassThroughBufferCodec implements MessageCodec<Buffer, Buffer> {

  public static final String NAME = "lakeport-buffer-pass-through";

  /** Registers the codec once per Vert.x instance; later calls do nothing. */
  public static void register(Vertx vertx) {
    synchronized (PassThroughBufferCodec.class) {
      try {
        vertx.eventBus().registerCodec(new PassThroughBufferCodec());
      } catch (IllegalStateException alreadyRegistered) {
        // Another verticle of this Vert.x instance registered it first.
      }
    }
  }

  @Override
  public void encodeToWire(Buffer wire, Buffer chunk) {
    wire.appendInt(chunk.length()).appendBuffer(chunk);
  }

  @Override
  public Buffer decodeFromWire(int pos, Buffer wire) {
    int length = wire.getInt(pos);
    return wire.getBuffer(pos + 4, pos + 4 + length);
  }

  @Override
  public Buffer transform(Buffer chunk) {
    return chunk;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
