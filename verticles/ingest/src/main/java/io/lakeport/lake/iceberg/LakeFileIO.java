package io.lakeport.lake.iceberg;

import io.lakeport.lake.LakeWriteException;
import io.lakeport.lake.MultipartObjectStream;
import io.lakeport.lake.PartBuffers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Iceberg's file access over Lakeport's own S3 client: every file Iceberg writes (data files, manifests,
 * table metadata) goes through {@link MultipartObjectStream}, so one S3 path and no temporary files, and an
 * upload that is not completed is aborted ({@link LakeOutputFile#abort}). Reads load the whole object:
 * Iceberg reads metadata and manifests, which are small.
 *
 * <p>Every call blocks until S3 answers: Iceberg's API is synchronous. Call it on a worker or virtual
 * thread, never on an event loop (it refuses). The stream's own work runs on {@code context}.
 */
public final class LakeFileIO implements FileIO {

  private final S3AsyncClient s3;
  private final Context context;
  private final int partSize;
  private final int partsInFlight;

  public LakeFileIO(S3AsyncClient s3, Context context, int partSize, int partsInFlight) {
    this.s3 = s3;
    this.context = context;
    this.partSize = partSize;
    this.partsInFlight = partsInFlight;
  }

  @Override
  public InputFile newInputFile(String path) {
    return new S3InputFile(S3Location.parse(path));
  }

  @Override
  public LakeOutputFile newOutputFile(String path) {
    return new LakeOutputFile(S3Location.parse(path));
  }

  @Override
  public void deleteFile(String path) {
    S3Location location = S3Location.parse(path);
    join(() -> s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key())), "delete " + path);
  }

  /** Waits for an SDK call on a thread that may block; its failure surfaces unwrapped. */
  static <T> T join(Supplier<CompletableFuture<T>> call, String what) {
    refuseEventLoop(what);
    try {
      return call.get().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LakeWriteException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NoSuchKeyException || cause instanceof S3Exception s && s.statusCode() == 404) {
        throw new NotFoundException(cause, "%s: no such object", what);
      }
      throw new LakeWriteException("could not " + what + ": " + LakeWriteException.describe(cause), cause);
    }
  }

  /** Waits for a Vert.x future whose work runs on {@code context}. */
  private <T> T await(Supplier<Future<T>> work, String what) {
    refuseEventLoop(what);
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(r -> {
          if (r.succeeded()) {
            done.complete(r.result());
          } else {
            done.completeExceptionally(r.cause());
          }
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    try {
      return done.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r
          : new LakeWriteException("could not " + what + ": " + LakeWriteException.describe(cause), cause);
    }
  }

  private static void refuseEventLoop(String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("Iceberg file I/O blocks: '" + what + "' was called on an event loop");
    }
  }

  /** A path of the form {@code s3://bucket/key} (also {@code s3a://}, {@code s3n://}). */
  record S3Location(String bucket, String key) {
    static S3Location parse(String path) {
      int scheme = path.indexOf("://");
      int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
      if (scheme < 0 || slash < 0 || !path.substring(0, scheme).startsWith("s3")) {
        throw new IllegalArgumentException("not an S3 location (s3://bucket/key): " + path);
      }
      return new S3Location(path.substring(scheme + 3, slash), path.substring(slash + 1));
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  private final class S3InputFile implements InputFile {
    private final S3Location location;
    private byte[] content;

    S3InputFile(S3Location location) {
      this.location = location;
    }

    @Override
    public long getLength() {
      if (content != null) {
        return content.length;
      }
      return join(() -> s3.headObject(b -> b.bucket(location.bucket()).key(location.key())), "read the size of " + location)
          .contentLength();
    }

    @Override
    public SeekableInputStream newStream() {
      if (content == null) {
        content = join(() -> s3.getObject(b -> b.bucket(location.bucket()).key(location.key()),
            AsyncResponseTransformer.toBytes()), "read " + location).asByteArray();
      }
      return new ByteArraySeekableStream(content);
    }

    @Override
    public String location() {
      return location.toString();
    }

    @Override
    public boolean exists() {
      try {
        getLength();
        return true;
      } catch (NotFoundException e) {
        return false;
      }
    }
  }

  /** A file Iceberg writes, as one multipart upload; {@link #abort} discards what a failed writer left. */
  public final class LakeOutputFile implements OutputFile {
    private final S3Location location;
    private MultipartObjectStream upload;

    LakeOutputFile(S3Location location) {
      this.location = location;
    }

    @Override
    public PositionOutputStream create() {
      if (upload != null) {
        throw new IllegalStateException(location + " is already being written");
      }
      upload = new MultipartObjectStream(s3, context, location.bucket(), location.key(), "application/octet-stream",
          partsInFlight, new PartBuffers(partSize, partsInFlight));
      return new UploadStream(upload, location);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return create();
    }

    @Override
    public String location() {
      return location.toString();
    }

    @Override
    public InputFile toInputFile() {
      return newInputFile(location.toString());
    }

    /** Aborts the upload if one was started and not completed, waiting for the store; safe to repeat. */
    public void abort(Throwable cause) {
      if (upload != null) {
        MultipartObjectStream stream = upload;
        await(() -> stream.abort(cause), "abort the upload of " + location);
      }
    }

    /**
     * The same without blocking, for any thread: a store that is down fails it, and retrying it (the
     * janitor does) aborts the upload once the store answers.
     */
    public Future<Void> abortAsync(Throwable cause) {
      if (upload == null) {
        return Future.succeededFuture();
      }
      MultipartObjectStream stream = upload;
      io.vertx.core.Promise<Void> aborted = io.vertx.core.Promise.promise();
      context.runOnContext(v -> stream.abort(cause).onComplete(aborted));
      return aborted.future();
    }
  }

  /**
   * Bytes to a multipart upload: collected into slices of a part (Parquet writes small pieces), each handed
   * to the upload on its context; a write returns once the upload buffered it, so memory stays at the
   * stream's own parts. {@code close} completes the upload, the object appears only then.
   */
  private final class UploadStream extends PositionOutputStream {
    private static final int SLICE = 256 * 1024;

    private final MultipartObjectStream upload;
    private final S3Location location;
    private final byte[] slice = new byte[SLICE];
    private int sliceLength;
    private long position;
    private boolean closed;

    UploadStream(MultipartObjectStream upload, S3Location location) {
      this.upload = upload;
      this.location = location;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      if (sliceLength == SLICE) {
        flushSlice();
      }
      slice[sliceLength++] = (byte) b;
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int pos = off;
      int end = off + len;
      while (pos < end) {
        if (sliceLength == SLICE) {
          flushSlice();
        }
        int n = Math.min(SLICE - sliceLength, end - pos);
        System.arraycopy(b, pos, slice, sliceLength, n);
        sliceLength += n;
        pos += n;
        position += n;
      }
    }

    private void flushSlice() throws IOException {
      if (closed) {
        throw new IOException(location + " is closed");
      }
      io.vertx.core.buffer.Buffer data = io.vertx.core.buffer.Buffer.buffer(sliceLength).appendBytes(slice, 0, sliceLength);
      sliceLength = 0;
      try {
        await(() -> upload.write(data), "write " + location);
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      if (sliceLength > 0) {
        flushSlice();
      }
      closed = true;
      try {
        await(upload::complete, "complete " + location);
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  /** A whole object in memory, seekable. */
  private static final class ByteArraySeekableStream extends SeekableInputStream {
    private final byte[] bytes;
    private int pos;

    ByteArraySeekableStream(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > bytes.length) {
        throw new IOException("seek to " + newPos + " outside 0.." + bytes.length);
      }
      pos = (int) newPos;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
