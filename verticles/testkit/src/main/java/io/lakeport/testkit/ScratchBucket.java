package io.lakeport.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * A uniquely named bucket on the local S3Proxy, emptied and deleted by {@link #close()}: objects and
 * unfinished multipart uploads go first, since S3 deletes only empty buckets.
 *
 * <pre>{@code
 * try (S3AsyncClient s3 = LocalStack.newS3AsyncClient();
 *      ScratchBucket bucket = ScratchBucket.create(s3, "lake-writer")) {
 *     ... write to bucket.name() ...
 * }
 * }</pre>
 *
 * Blocking: call it from test set-up and tear-down, never from an event loop. The client stays the caller's.
 *
 * @param name the bucket's name, unique to its test run ({@link #create} makes one)
 */
public record ScratchBucket(S3AsyncClient s3, String name) implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  public static ScratchBucket create(S3AsyncClient s3, String purpose) {
    String name = LocalStack.uniqueName(purpose);
    join(s3.createBucket(b -> b.bucket(name)), "create bucket " + name);
    return new ScratchBucket(s3, name);
  }

  @Override
  public void close() {
    try {
      abortUploads();
      deleteObjects();
      join(s3.deleteBucket(b -> b.bucket(name)), "delete bucket " + name);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof NoSuchBucketException)) {
        throw e;
      }
    }
  }

  private void abortUploads() {
    ListMultipartUploadsResponse uploads = join(s3.listMultipartUploads(b -> b.bucket(name)), "list uploads in " + name);
    for (var upload : uploads.uploads()) {
      join(s3.abortMultipartUpload(b -> b.bucket(name).key(upload.key()).uploadId(upload.uploadId())),
          "abort upload of " + upload.key());
    }
  }

  private void deleteObjects() {
    ListObjectsV2Response page;
    do {
      page = join(s3.listObjectsV2(b -> b.bucket(name)), "list " + name);
      List<ObjectIdentifier> keys = page.contents().stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build())
          .toList();
      if (!keys.isEmpty()) {
        join(s3.deleteObjects(b -> b.bucket(name).delete(Delete.builder().objects(keys).build())),
            "delete objects in " + name);
      }
    } while (page.isTruncated());
  }

  private static <T> T join(CompletableFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IllegalStateException(what + ": no answer from " + LocalStack.S3_ENDPOINT + " in " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "s3://" + name;
  }
}
