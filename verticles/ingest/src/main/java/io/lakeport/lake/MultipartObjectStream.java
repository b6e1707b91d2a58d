package io.lakeport.lake;

import io.lakeport.metrics.LakeportMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One S3 object written as a multipart upload: bytes are cut into parts of exactly the part size (the
 * last may be smaller), at most {@code partsInFlight} parts upload at once and {@link #write} completes
 * only when its bytes are in a part buffer, so a slow store slows the writer instead of filling memory.
 * The upload is created with the first part, so an object that receives no bytes never exists. Knows
 * nothing of formats or keys.
 *
 * <p>Used from one Vert.x context; SDK callbacks are brought back to it.
 */
public final class MultipartObjectStream {

  /** S3 accepts at most this many parts per object. */
  static final int MAX_PARTS = 10_000;

  private final S3AsyncClient s3;
  private final Context context;
  private final String bucket;
  private final String key;
  private final String contentType;
  private final int partsInFlight;
  private final PartBuffers buffers;
  private final List<CompletedPart> parts = new ArrayList<>();

  private Future<String> uploadId;
  private byte[] part;
  private int partLength;
  private int partsStarted;
  private int inFlight;
  private long bytes;
  private Throwable failure;
  private Promise<Void> room;
  private Promise<Void> drained;
  private boolean ended;

  public MultipartObjectStream(S3AsyncClient s3, Context context, String bucket, String key, String contentType,
                        int partsInFlight, PartBuffers buffers) {
    this.s3 = s3;
    this.context = context;
    this.bucket = bucket;
    this.key = key;
    this.contentType = contentType;
    this.partsInFlight = partsInFlight;
    this.buffers = buffers;
  }

  String key() {
    return key;
  }

  public long bytes() {
    return bytes;
  }

  /** Parts started so far, counting the one being filled. */
  int parts() {
    return partsStarted + (partLength > 0 ? 1 : 0);
  }

  /** Completes when the bytes are buffered or uploading and a part slot is free; fails once any part failed. */
  public Future<Void> write(Buffer data) {
    return write(data, 0);
  }

  private Future<Void> write(Buffer data, int from) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    int length = data.length();
    int pos = from;
    while (pos < length) {
      if (part == null) {
        part = buffers.take();
      }
      int n = Math.min(buffers.partSize() - partLength, length - pos);
      data.getBytes(pos, pos + n, part, partLength);
      partLength += n;
      pos += n;
      bytes += n;
      if (partLength == buffers.partSize()) {
        Future<Void> slot = submitPart();
        if (slot.failed()) {
          return slot;
        }
        if (!slot.isComplete()) {
          int next = pos;
          return slot.compose(v -> write(data, next));
        }
      }
    }
    return Future.succeededFuture();
  }

  /**
   * Uploads the last part and completes the upload; the object becomes visible only now. Completes with
   * false, creating nothing, when no byte was written.
   */
  public Future<Boolean> complete() {
    ended = true;
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (bytes == 0) {
      return Future.succeededFuture(false);
    }
    if (partLength > 0) {
      submitPart();
    }
    return drain().compose(v -> {
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      List<CompletedPart> ordered = new ArrayList<>(parts);
      ordered.sort(Comparator.comparingInt(CompletedPart::partNumber));
      return uploadId.compose(id -> Future.fromCompletionStage(s3.completeMultipartUpload(b -> b
          .bucket(bucket).key(key).uploadId(id)
          .multipartUpload(m -> m.parts(ordered))), context))
          .onSuccess(r -> LakeportMetrics.current().objectCommitted(bucket))
          .recover(e -> Future.failedFuture(new LakeWriteException(
              "could not complete the upload of s3://" + bucket + "/" + key + ": " + LakeWriteException.describe(e), e)))
          .map(true);
    });
  }

  /**
   * Discards the upload: waits for the parts in flight to settle (a part that lands after the abort would
   * leave storage behind) and aborts. Fails when the store refuses; {@link #createdUploadId()} then says
   * what to retry.
   */
  public Future<Void> abort(Throwable cause) {
    ended = true;
    if (failure == null) {
      failure = cause;
    }
    if (part != null) {
      buffers.give(part);
      part = null;
      partLength = 0;
    }
    if (uploadId == null) {
      return Future.succeededFuture();
    }
    return drain().transform(x -> uploadId.transform(created -> created.failed() ? Future.succeededFuture()
        : abortUpload(s3, context, bucket, key, created.result())));
  }

  /** The id of the upload if it was created, else null. */
  String createdUploadId() {
    return uploadId != null && uploadId.succeeded() ? uploadId.result() : null;
  }

  /** Aborts one multipart upload by id. */
  static Future<Void> abortUpload(S3AsyncClient s3, Context context, String bucket, String key, String uploadId) {
    return Future.fromCompletionStage(s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)),
        context).<Void>mapEmpty().onSuccess(v -> LakeportMetrics.current().uploadAborted(bucket));
  }

  private Future<String> uploadId() {
    if (uploadId == null) {
      uploadId = Future.fromCompletionStage(s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
              .contentType(contentType)), context)
          .map(r -> r.uploadId())
          .recover(e -> Future.failedFuture(new LakeWriteException(
              "could not start an upload to s3://" + bucket + "/" + key + ": " + LakeWriteException.describe(e), e)));
    }
    return uploadId;
  }

  private Future<Void> submitPart() {
    byte[] body = part;
    int length = partLength;
    part = null;
    partLength = 0;
    int number = ++partsStarted;
    if (number > MAX_PARTS) {
      buffers.give(body);
      fail(new LakeWriteException("s3://" + bucket + "/" + key + " would need more than " + MAX_PARTS + " parts"));
      return Future.failedFuture(failure);
    }
    inFlight++;
    uploadId()
        .compose(id -> Future.fromCompletionStage(s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id)
                .partNumber(number).contentLength((long) length),
            AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(body, 0, length))), context))
        .onComplete(uploaded -> {
          inFlight--;
          buffers.give(body);
          if (uploaded.succeeded()) {
            parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.result().eTag()).build());
            LakeportMetrics.current().partUploaded(bucket, length);
          } else {
            Throwable e = uploaded.cause();
            fail(e instanceof LakeWriteException ? e : new LakeWriteException("could not upload part " + number
                + " of s3://" + bucket + "/" + key + ": " + LakeWriteException.describe(e), e));
          }
          wake();
        });
    if (inFlight < partsInFlight) {
      return Future.succeededFuture();
    }
    room = Promise.promise();
    return room.future();
  }

  private void fail(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
  }

  private void wake() {
    if (room != null && (inFlight < partsInFlight || failure != null)) {
      Promise<Void> waiting = room;
      room = null;
      if (failure != null) {
        waiting.fail(failure);
      } else {
        waiting.complete();
      }
    }
    if (drained != null && inFlight == 0) {
      Promise<Void> waiting = drained;
      drained = null;
      waiting.complete();
    }
  }

  private Future<Void> drain() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }
}
