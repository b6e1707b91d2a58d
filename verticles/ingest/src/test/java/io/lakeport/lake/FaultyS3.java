package io.lakeport.lake;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory S3 for the multipart calls the lake writer makes, with faults on request: a part that fails,
 * a complete that fails, a part that hangs until released. Records every call in order, so a test can say
 * what was aborted and when. Objects are visible only once their upload completed, as in S3.
 */
final class FaultyS3 implements S3AsyncClient {

  /** Completed objects by key: what a reader can see. */
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  /** Open uploads by id, each with its parts by number. */
  final Map<String, Map<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
  /** Every call, in order: "create key", "part key #n", "complete key", "abort key", "delete key". */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  /** Part numbers whose upload fails with a 500. */
  final Set<Integer> failingParts = ConcurrentHashMap.newKeySet();
  /** When true, CompleteMultipartUpload fails with a 500. */
  volatile boolean failComplete;
  /** Part numbers whose upload hangs until {@link #releaseSlowParts()}. */
  final Set<Integer> slowParts = ConcurrentHashMap.newKeySet();
  private final List<Runnable> held = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();

  @Override
  public String serviceName() {
    return "s3";
  }

  @Override
  public void close() {
  }

  /** Lets the parts held by {@link #slowParts} finish. */
  void releaseSlowParts() {
    slowParts.clear();
    List<Runnable> waiting;
    synchronized (held) {
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(Runnable::run);
  }

  int partsHeld() {
    return held.size();
  }

  @Override
  public CompletableFuture<CreateMultipartUploadResponse> createMultipartUpload(CreateMultipartUploadRequest request) {
    String id = "upload-" + ids.incrementAndGet();
    uploads.put(id, new TreeMap<>());
    calls.add("create " + request.key());
    return CompletableFuture.completedFuture(CreateMultipartUploadResponse.builder().uploadId(id).build());
  }

  @Override
  public CompletableFuture<UploadPartResponse> uploadPart(UploadPartRequest request, AsyncRequestBody body) {
    int number = request.partNumber();
    calls.add("part " + request.key() + " #" + number);
    return read(body).thenCompose(bytes -> {
      CompletableFuture<UploadPartResponse> answer = new CompletableFuture<>();
      Runnable finish = () -> {
        if (failingParts.contains(number)) {
          answer.completeExceptionally(serverError("part " + number + " refused (test)"));
          return;
        }
        Map<Integer, byte[]> parts = uploads.get(request.uploadId());
        if (parts == null) {
          answer.completeExceptionally(S3Exception.builder().statusCode(404).message("NoSuchUpload").build());
          return;
        }
        parts.put(number, bytes);
        answer.complete(UploadPartResponse.builder().eTag("etag-" + number).build());
      };
      if (slowParts.contains(number)) {
        held.add(finish);
      } else {
        finish.run();
      }
      return answer;
    });
  }

  @Override
  public CompletableFuture<CompleteMultipartUploadResponse> completeMultipartUpload(
      CompleteMultipartUploadRequest request) {
    calls.add("complete " + request.key());
    if (failComplete) {
      return CompletableFuture.failedFuture(serverError("complete refused (test)"));
    }
    Map<Integer, byte[]> parts = uploads.remove(request.uploadId());
    if (parts == null) {
      return CompletableFuture.failedFuture(S3Exception.builder().statusCode(404).message("NoSuchUpload").build());
    }
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    for (CompletedPart part : request.multipartUpload().parts()) {
      object.writeBytes(parts.get(part.partNumber()));
    }
    objects.put(request.key(), object.toByteArray());
    return CompletableFuture.completedFuture(CompleteMultipartUploadResponse.builder().key(request.key()).build());
  }

  @Override
  public CompletableFuture<AbortMultipartUploadResponse> abortMultipartUpload(AbortMultipartUploadRequest request) {
    calls.add("abort " + request.key());
    uploads.remove(request.uploadId());
    return CompletableFuture.completedFuture(AbortMultipartUploadResponse.builder().build());
  }

  @Override
  public CompletableFuture<DeleteObjectResponse> deleteObject(DeleteObjectRequest request) {
    calls.add("delete " + request.key());
    objects.remove(request.key());
    return CompletableFuture.completedFuture(DeleteObjectResponse.builder().build());
  }

  private static S3Exception serverError(String message) {
    return (S3Exception) S3Exception.builder().statusCode(500).message(message).build();
  }

  private static CompletableFuture<byte[]> read(AsyncRequestBody body) {
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.subscribe(new Subscriber<>() {
      @Override
      public void onSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
      }

      @Override
      public void onError(Throwable failure) {
        all.completeExceptionally(failure);
      }

      @Override
      public void onComplete() {
        all.complete(out.toByteArray());
      }
    });
    return all;
  }
}
