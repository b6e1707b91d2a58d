package io.lakeport.store;

import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readiness probe of the store against the local stack's S3Proxy, and against a port nothing listens on. */
@ExtendWith({LocalStackExtension.class, VertxExtension.class})
class BucketProbeIT {

  @Test
  void upWhenEveryBucketAnswersAndDownWhenOneIsMissing(Vertx vertx) throws Exception {
    String bucket = LocalStack.uniqueName("probe");
    try (S3AsyncClient admin = LocalStack.newS3AsyncClient()) {
      admin.createBucket(b -> b.bucket(bucket)).get(30, TimeUnit.SECONDS);
      BucketProbe present = new BucketProbe(LocalStack.newS3AsyncClient(), List.of(bucket, bucket));
      assertThat(present.buckets()).as("each bucket once").isEqualTo(1);
      present.check(vertx.getOrCreateContext()).await(30, TimeUnit.SECONDS);
      present.close();

      BucketProbe oneMissing = new BucketProbe(LocalStack.newS3AsyncClient(), List.of(bucket, bucket + "-gone"));
      assertThatThrownBy(() -> oneMissing.check(vertx.getOrCreateContext()).await(30, TimeUnit.SECONDS))
          .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(NoSuchBucketException.class)
          .hasMessageStartingWith("the store does not answer for bucket " + bucket + "-gone: ");
      oneMissing.close();
      admin.deleteBucket(b -> b.bucket(bucket)).get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void downWhenTheStoreDoesNotAnswer(Vertx vertx) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3AsyncClient unreachable = S3AsyncClient.builder().region(LocalStack.S3_REGION)
        .credentialsProvider(LocalStack.s3Credentials()).forcePathStyle(true)
        .endpointOverride(URI.create("http://127.0.0.1:" + closedPort)).build();
    BucketProbe probe = new BucketProbe(unreachable, List.of("raw-ms1"));
    assertThatThrownBy(() -> probe.check(vertx.getOrCreateContext()).await(60, TimeUnit.SECONDS))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("raw-ms1")
        .hasMessageContaining("Unable to execute HTTP request");
    probe.close();
  }
}
