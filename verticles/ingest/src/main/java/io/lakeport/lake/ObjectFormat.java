package io.lakeport.lake;

import io.vertx.core.buffer.Buffer;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * How chunks of JSON Lines become the bytes of a lake object: as they are ({@code .jsonl}) or gzip
 * ({@code .jsonl.gz}, which Trino and Athena read by extension). Knows nothing of S3 or of keys.
 */
public enum ObjectFormat {
  JSON_LINES(false),
  JSON_LINES_GZIP(true);

  private final boolean gzip;

  ObjectFormat(boolean gzip) {
    this.gzip = gzip;
  }

  public static ObjectFormat of(boolean gzip) {
    return gzip ? JSON_LINES_GZIP : JSON_LINES;
  }

  public boolean gzip() {
    return gzip;
  }

  public String contentType() {
    return "application/x-ndjson";
  }

  /** Compression costs CPU time that does not belong on an event loop. */
  public boolean cpuBound() {
    return gzip;
  }

  /** A fresh encoder for one object. */
  public Encoder newEncoder() {
    return gzip ? new GzipEncoder() : new Encoder();
  }

  /** Turns the chunks of one object into its bytes; used by one thread at a time. */
  public static class Encoder {
    /** The bytes for {@code chunk} (possibly none yet, for a compressor that buffers). */
    public Buffer encode(Buffer chunk) {
      return chunk;
    }

    /** The bytes that close the object. */
    public Buffer finish() {
      return Buffer.buffer(0);
    }

    /** Frees native resources; safe to call more than once. */
    public void release() {
    }
  }

  /**
   * A streaming gzip member (RFC 1952): a raw deflate stream between the fixed header and the CRC-32 and
   * length trailer. Fastest level: on two cores the lake writer must keep up with the source, and the
   * ratio on JSON text is still about 5:1 to 10:1.
   */
  static final class GzipEncoder extends Encoder {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final byte[] scratch = new byte[64 * 1024];
    private boolean headerWritten;
    private boolean released;

    @Override
    public Buffer encode(Buffer chunk) {
      byte[] input = chunk.getBytes();
      crc.update(input);
      deflater.setInput(input);
      Buffer out = Buffer.buffer(input.length / 4 + 64);
      writeHeader(out);
      while (!deflater.needsInput()) {
        int n = deflater.deflate(scratch, 0, scratch.length, Deflater.NO_FLUSH);
        out.appendBytes(scratch, 0, n);
      }
      return out;
    }

    @Override
    public Buffer finish() {
      Buffer out = Buffer.buffer(64 * 1024);
      writeHeader(out);
      deflater.finish();
      while (!deflater.finished()) {
        int n = deflater.deflate(scratch, 0, scratch.length, Deflater.NO_FLUSH);
        out.appendBytes(scratch, 0, n);
      }
      out.appendIntLE((int) crc.getValue());
      out.appendIntLE((int) deflater.getBytesRead());
      release();
      return out;
    }

    private void writeHeader(Buffer out) {
      if (!headerWritten) {
        out.appendBytes(HEADER);
        headerWritten = true;
      }
    }

    @Override
    public void release() {
      if (!released) {
        released = true;
        deflater.end();
      }
    }
  }
}
