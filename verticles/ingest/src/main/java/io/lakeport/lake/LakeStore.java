package io.lakeport.lake;

import io.lakeport.store.LakeLayout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Lakeport's own records in a source's bucket and the listings and deletions around them: table states
 * and run manifests as small JSON objects ({@link LakeLayout}), snapshot listings, deletion of old
 * snapshots, and the sweep of uploads left open by a process that died mid-run. Results arrive on the
 * context the store was made on.
 *
 * @param context where the store's results arrive
 */
public record LakeStore(S3AsyncClient s3, Context context) {

  /** The JSON object at {@code key}, or null when there is none. */
  public Future<JsonObject> getJson(String bucket, String key) {
    return Future.fromCompletionStage(s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()),
            context)
        .map(bytes -> new JsonObject(Buffer.buffer(bytes.asByteArrayUnsafe())))
        .recover(e -> isNoSuchKey(e) ? Future.succeededFuture(null)
            : Future.failedFuture(new LakeWriteException("could not read s3://" + bucket + "/" + key + ": "
                + LakeWriteException.describe(e), e)));
  }

  /** When the object at {@code key} was last written, or null when there is none or the store will not say. */
  public Future<Instant> lastModified(String bucket, String key) {
    return Future.fromCompletionStage(s3.headObject(b -> b.bucket(bucket).key(key)), context)
        .map(head -> head.lastModified())
        .recover(e -> Future.succeededFuture(null));
  }

  public Future<Void> putJson(String bucket, String key, JsonObject json) {
    byte[] body = json.encodePrettily().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Future.fromCompletionStage(s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
            AsyncRequestBody.fromBytes(body)), context)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(new LakeWriteException("could not write s3://" + bucket + "/" + key + ": "
            + LakeWriteException.describe(e), e)));
  }

  /** Every key under {@code prefix}, in key order. */
  public Future<List<String>> listKeys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    return listPage(bucket, prefix, null, null, keys, null).map(keys);
  }

  /** The "folders" right under {@code prefix} (common prefixes with delimiter /), in key order. */
  public Future<List<String>> listFolders(String bucket, String prefix) {
    List<String> folders = new ArrayList<>();
    return listPage(bucket, prefix, "/", null, null, folders).map(folders);
  }

  private Future<Void> listPage(String bucket, String prefix, String delimiter, String token, List<String> keys,
                                List<String> folders) {
    return Future.fromCompletionStage(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter(delimiter)
            .continuationToken(token)), context)
        .recover(e -> Future.failedFuture(new LakeWriteException("could not list s3://" + bucket + "/" + prefix + ": "
            + LakeWriteException.describe(e), e)))
        .compose((ListObjectsV2Response page) -> {
          if (keys != null) {
            page.contents().stream().map(S3Object::key).forEach(keys::add);
          }
          if (folders != null) {
            page.commonPrefixes().forEach(p -> folders.add(p.prefix()));
          }
          return Boolean.TRUE.equals(page.isTruncated())
              ? listPage(bucket, prefix, delimiter, page.nextContinuationToken(), keys, folders)
              : Future.succeededFuture();
        });
  }

  /** Deletes every object under {@code prefix}. */
  public Future<Void> deletePrefix(String bucket, String prefix) {
    return listKeys(bucket, prefix).compose(keys -> delete(bucket, keys));
  }

  /** Deletes {@code keys} of {@code bucket} ({@link #deleteKeys}). */
  public Future<Void> delete(String bucket, List<String> keys) {
    return deleteKeys(s3, context, bucket, keys);
  }

  /** Deletes {@code keys}, a few at a time; deleting a key that is gone succeeds. */
  public static Future<Void> deleteKeys(S3AsyncClient s3, Context context, String bucket, List<String> keys) {
    return deleteFrom(s3, context, bucket, keys, 0);
  }

  private static Future<Void> deleteFrom(S3AsyncClient s3, Context context, String bucket, List<String> keys,
                                         int from) {
    if (from >= keys.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(keys.size(), from + 8);
    List<Future<?>> batch = new ArrayList<>();
    for (String key : keys.subList(from, to)) {
      batch.add(Future.fromCompletionStage(s3.deleteObject(b -> b.bucket(bucket).key(key)), context));
    }
    return Future.all(batch)
        .recover(e -> Future.failedFuture(new LakeWriteException("could not delete objects in s3://" + bucket + ": "
            + LakeWriteException.describe(e), e)))
        .compose(v -> deleteFrom(s3, context, bucket, keys, to));
  }

  /** Multipart uploads open in {@code bucket} under {@code prefix}. */
  public Future<List<MultipartUpload>> openUploads(String bucket, String prefix) {
    List<MultipartUpload> uploads = new ArrayList<>();
    return uploadsPage(bucket, prefix, null, null, uploads).map(uploads);
  }

  private Future<Void> uploadsPage(String bucket, String prefix, String keyMarker, String idMarker,
                                   List<MultipartUpload> uploads) {
    return Future.fromCompletionStage(s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)
            .keyMarker(keyMarker).uploadIdMarker(idMarker)), context)
        .compose((ListMultipartUploadsResponse page) -> {
          uploads.addAll(page.uploads());
          return Boolean.TRUE.equals(page.isTruncated())
              ? uploadsPage(bucket, prefix, page.nextKeyMarker(), page.nextUploadIdMarker(), uploads)
              : Future.succeededFuture();
        });
  }

  /**
   * Aborts the uploads of lake objects (keys inside a snapshot, and files of Iceberg tables under
   * {@link LakeLayout#ICEBERG_PREFIX}) that no running writer owns: a source has at most one run at a time,
   * served by one process, so any upload in its bucket not named after {@code activeRunId} was left by a
   * process that stopped or a clean-up that could not reach the store. Completes with how many were aborted.
   */
  public Future<Integer> sweepOrphanUploads(String bucket, String activeRunId) {
    return openUploads(bucket, null).compose(uploads -> {
      List<Future<?>> aborts = new ArrayList<>();
      for (MultipartUpload upload : uploads) {
        String key = upload.key();
        String name = key.substring(key.lastIndexOf('/') + 1);
        boolean lakeObject = key.contains("/snapshot=") || key.startsWith(LakeLayout.ICEBERG_PREFIX);
        if (lakeObject && (activeRunId == null || !name.startsWith(activeRunId + "-"))) {
          aborts.add(MultipartObjectStream.abortUpload(s3, context, bucket, key, upload.uploadId()));
        }
      }
      return Future.all(aborts).map(aborts.size());
    });
  }

  static boolean isNoSuchKey(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof NoSuchKeyException;
  }
}
