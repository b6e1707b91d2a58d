package io.lakeport.lake;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes one table's chunks of JSON Lines into lake objects: encodes them ({@link ObjectFormat}), streams
 * the bytes into multipart uploads ({@link MultipartObjectStream}) and names each object by its sequence
 * number through the layout's {@code keys} function. Starts a new object before one would pass the
 * maximum object size or S3's 10,000 parts, always between chunks, so every object holds whole lines and
 * is a complete gzip file on its own.
 *
 * <p>Objects become visible one by one as they complete; a table normally fits in one, and a failed or
 * aborted writer deletes the ones it had completed, so a run that fails leaves none of its objects.
 * A table without rows writes no object at all.
 *
 * <p>Memory: {@code partsInFlight + 1} part buffers, whatever the table size. Used from one context.
 */
public final class LakeObjectWriter {

  /** How big and how parallel the writer's uploads are. */
  public record Limits(int partSize, int partsInFlight, long maxObjectBytes) {
    public Limits {
      if (partSize < 5 * 1024 * 1024) {
        throw new IllegalArgumentException("parts must be at least 5 MiB, S3's minimum");
      }
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final S3AsyncClient s3;
  private final String bucket;
  private final IntFunction<String> keys;
  private final ObjectFormat format;
  private final Limits limits;
  private final LakeJanitor janitor;
  private final PartBuffers buffers;
  private final List<String> committed = new ArrayList<>();

  private MultipartObjectStream current;
  private ObjectFormat.Encoder encoder;
  private int sequence;
  private Throwable aborted;

  public LakeObjectWriter(Vertx vertx, S3AsyncClient s3, String bucket, IntFunction<String> keys,
                          ObjectFormat format, Limits limits, LakeJanitor janitor) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.s3 = s3;
    this.bucket = bucket;
    this.keys = keys;
    this.format = format;
    this.limits = limits;
    this.janitor = janitor;
    this.buffers = new PartBuffers(limits.partSize(), limits.partsInFlight());
  }

  public Future<Void> write(Buffer chunk) {
    if (aborted != null) {
      return Future.failedFuture(aborted);
    }
    if (chunk.length() == 0) {
      return Future.succeededFuture();
    }
    Future<Void> ready = mustRotate(chunk.length()) ? closeObject() : Future.succeededFuture();
    return ready.compose(v -> {
      if (aborted != null) {
        return Future.failedFuture(aborted);
      }
      if (current == null) {
        current = new MultipartObjectStream(s3, context, bucket, keys.apply(sequence++), format.contentType(),
            limits.partsInFlight(), buffers);
        encoder = format.newEncoder();
      }
      return encode(chunk);
    }).compose(bytes -> current.write(bytes));
  }

  /** Completes the last object; the keys of all objects this writer committed, empty for an empty table. */
  public Future<List<String>> finish() {
    if (aborted != null) {
      return Future.failedFuture(aborted);
    }
    return (current == null ? Future.<Void>succeededFuture() : closeObject()).map(v -> List.copyOf(committed));
  }

  /**
   * Discards everything: aborts the open upload and deletes the objects already completed. Clean-up the
   * store refuses is retried by the janitor; the returned future completes either way.
   */
  public Future<Void> abort(Throwable cause) {
    if (aborted != null) {
      return Future.succeededFuture();
    }
    aborted = cause;
    List<Future<Void>> cleanup = new ArrayList<>();
    if (encoder != null) {
      encoder.release();
    }
    if (current != null) {
      MultipartObjectStream stream = current;
      current = null;
      cleanup.add(stream.abort(cause).transform(done -> {
        String uploadId = stream.createdUploadId();
        if (done.succeeded() || uploadId == null) {
          return Future.succeededFuture();
        }
        // The parts in flight have settled by now; only the abort request itself needs retrying.
        return janitor.run("abort upload of s3://" + bucket + "/" + stream.key(),
                () -> MultipartObjectStream.abortUpload(s3, context, bucket, stream.key(), uploadId))
            .recover(e -> Future.succeededFuture());
      }));
    }
    if (!committed.isEmpty()) {
      List<String> doomed = List.copyOf(committed);
      cleanup.add(janitor.run("delete " + doomed.size() + " objects of a failed write in s3://" + bucket,
          () -> LakeStore.deleteKeys(s3, context, bucket, doomed)).recover(e -> Future.succeededFuture()));
    }
    buffers.clear();
    return Future.join(cleanup).mapEmpty();
  }

  private boolean mustRotate(int chunkLength) {
    if (current == null || current.bytes() == 0) {
      return false;
    }
    // The encoded chunk is at most about as long as the chunk (gzip only adds a few bytes per 16 KiB).
    long worstCase = chunkLength + chunkLength / 1000 + 1024;
    long partsNeeded = (worstCase + limits.partSize() - 1) / limits.partSize() + 1;
    return current.bytes() + worstCase > limits.maxObjectBytes()
        || current.parts() + partsNeeded > MultipartObjectStream.MAX_PARTS;
  }

  private Future<Buffer> encode(Buffer chunk) {
    ObjectFormat.Encoder target = encoder;
    if (format.cpuBound()) {
      return vertx.executeBlocking(() -> target.encode(chunk), false);
    }
    return Future.succeededFuture(target.encode(chunk));
  }

  private Future<Void> closeObject() {
    MultipartObjectStream stream = current;
    ObjectFormat.Encoder closing = encoder;
    Future<Buffer> tail = format.cpuBound() ? vertx.executeBlocking(closing::finish, false)
        : Future.succeededFuture(closing.finish());
    return tail.compose(stream::write)
        .compose(v -> stream.complete())
        .map(created -> {
          if (created && aborted != null) {
            // Aborted while the upload was completing: the object exists but must not stay.
            janitor.run("delete s3://" + bucket + "/" + stream.key() + " of an aborted write",
                () -> LakeStore.deleteKeys(s3, context, bucket, List.of(stream.key())));
            throw new LakeWriteException("aborted: " + aborted.getMessage());
          }
          if (created) {
            committed.add(stream.key());
          }
          if (current == stream) {
            current = null;
            encoder = null;
          }
          return null;
        });
  }
}
