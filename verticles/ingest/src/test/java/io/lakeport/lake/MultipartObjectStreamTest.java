package io.lakeport.lake;

import io.lakeport.testing.OnContext;
import io.lakeport.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lake writer's multipart streams against an S3 that fails on request (a failing part, a failing
 * complete, a slow part): whatever fails, the writer's abort leaves no open upload and no visible object,
 * and a slow part holds the writer back instead of filling memory. The S3 double records the calls, so the
 * tests also say in which order the writer made them.
 */
class MultipartObjectStreamTest {

  private static final int MIB = 1024 * 1024;
  private static final int PART = 5 * MIB;

  private Vertx vertx;
  private OnContext on;
  private FaultyS3 s3;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    on = new OnContext(vertx);
    s3 = new FaultyS3();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private LakeObjectWriter writer(long maxObjectBytes) throws Exception {
    return on.await(() -> Future.succeededFuture(new LakeObjectWriter(vertx, s3, "lake", seq -> "t/obj-" + seq + ".jsonl",
        ObjectFormat.JSON_LINES, new LakeObjectWriter.Limits(PART, 2, maxObjectBytes), new LakeJanitor(vertx))));
  }

  /** One MiB of whole lines. */
  private static Buffer chunk(int n) {
    StringBuilder lines = new StringBuilder(MIB);
    String line = "{\"n\":" + n + ",\"pad\":\"" + "x".repeat(1000) + "\"}\n";
    while (lines.length() + line.length() <= MIB) {
      lines.append(line);
    }
    return Buffer.buffer(lines.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code chunks} one-MiB chunks, one after the other, as the chunk receiver does. */
  private Future<Void> writeAll(LakeObjectWriter writer, int chunks) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < chunks; i++) {
      int n = i;
      chain = chain.compose(v -> writer.write(chunk(n)));
    }
    return chain;
  }

  private void assertNothingLeft() {
    assertThat(s3.uploads).as("open multipart uploads").isEmpty();
    assertThat(s3.objects).as("visible objects").isEmpty();
  }

  @Test
  void aFailingPartFailsTheWriteAndTheAbortLeavesNothing() throws Exception {
    s3.failingParts.add(2);
    LakeObjectWriter writer = writer(1024L * MIB);
    assertThatThrownBy(() -> on.await(() -> writeAll(writer, 20).compose(v -> writer.finish())))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LakeWriteException.class)
        .hasMessageContaining("could not upload part 2 of s3://lake/t/obj-0.jsonl");
    assertThat(s3.uploads).as("the upload is still open until the writer aborts").hasSize(1);

    on.await(() -> writer.abort(new IllegalStateException("the part failed")));

    assertNothingLeft();
    assertThat(s3.calls).contains("abort t/obj-0.jsonl").doesNotContain("complete t/obj-0.jsonl");
  }

  @Test
  void aFailingCompleteFailsTheFinishAndTheAbortLeavesNothing() throws Exception {
    s3.failComplete = true;
    LakeObjectWriter writer = writer(1024L * MIB);
    assertThatThrownBy(() -> on.await(() -> writeAll(writer, 12).compose(v -> writer.finish())))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LakeWriteException.class)
        .hasMessageContaining("could not complete the upload of s3://lake/t/obj-0.jsonl");

    on.await(() -> writer.abort(new IllegalStateException("the complete failed")));

    assertNothingLeft();
    assertThat(s3.calls).endsWith("abort t/obj-0.jsonl");
  }

  @Test
  void aSlowPartHoldsTheWriterBackAndTheAbortWaitsForItToSettle() throws Exception {
    s3.slowParts.add(1);
    s3.slowParts.add(2);
    LakeObjectWriter writer = writer(1024L * MIB);
    // Two parts upload at once and a third is being filled: the write that needs a fourth buffer waits.
    Future<Void> writes = on.run(() -> writeAll(writer, 20));
    Await.until("both slow parts to be in flight", Duration.ofSeconds(30), () -> s3.partsHeld() == 2);
    Thread.sleep(300);
    assertThat(writes.isComplete()).as("the writer waits for a free part slot").isFalse();
    assertThat(s3.calls).as("no part past the two in flight").doesNotContain("part t/obj-0.jsonl #3");

    Future<Void> aborted = on.run(() -> writer.abort(new IllegalStateException("stopped")));
    Thread.sleep(300);
    assertThat(aborted.isComplete()).as("the abort waits for the parts in flight").isFalse();
    assertThat(s3.calls).doesNotContain("abort t/obj-0.jsonl");

    s3.releaseSlowParts();
    aborted.toCompletionStage().toCompletableFuture().get();

    assertNothingLeft();
    assertThat(s3.calls).last().isEqualTo("abort t/obj-0.jsonl");
  }

  @Test
  void anAbortAfterAnObjectCompletedDeletesIt() throws Exception {
    // Objects of at most 6 MiB: the second chunk past them starts a second object.
    LakeObjectWriter writer = writer(6L * MIB);
    on.await(() -> writeAll(writer, 8));
    assertThat(s3.objects).as("the first object completed").containsOnlyKeys("t/obj-0.jsonl");

    on.await(() -> writer.abort(new IllegalStateException("a later table step failed")));

    Await.until("the completed object to be deleted", Duration.ofSeconds(30), s3.objects::isEmpty);
    assertNothingLeft();
    assertThat(s3.calls).contains("delete t/obj-0.jsonl")
        .as("the second object had not filled a part: no upload was started for it").doesNotContain("create t/obj-1.jsonl");
  }
}
