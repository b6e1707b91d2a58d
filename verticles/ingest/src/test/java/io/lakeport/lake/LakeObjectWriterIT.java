package io.lakeport.lake;

import io.lakeport.store.S3Clients;
import io.lakeport.testing.OnContext;
import io.lakeport.testing.S3ProxyProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lake writer against a real S3 API (a private S3Proxy). */
class LakeObjectWriterIT {

  private static final int MIB = 1024 * 1024;
  private static S3ProxyProcess proxy;
  private static Vertx vertx;
  private static S3AsyncClient s3;
  private static OnContext on;
  private static LakeStore store;
  private static final String BUCKET = "writer-it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    proxy = S3ProxyProcess.start();
    vertx = Vertx.vertx();
    s3 = S3Clients.create(proxy.lake(5, 2, 1024, false, 2));
    s3.createBucket(b -> b.bucket(BUCKET)).get();
    on = new OnContext(vertx);
    store = on.await(() -> Future.succeededFuture(new LakeStore(s3, vertx.getOrCreateContext())));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    proxy.close();
  }

  /** About {@code bytes} of JSON lines in 1 MiB chunks; random text so gzip cannot shrink it to nothing. */
  static List<Buffer> chunks(long bytes, long seed) {
    Random random = new Random(seed);
    List<Buffer> chunks = new ArrayList<>();
    long total = 0;
    long id = 0;
    while (total < bytes) {
      Buffer chunk = Buffer.buffer(MIB + 512);
      while (chunk.length() < MIB) {
        byte[] noise = new byte[24];
        random.nextBytes(noise);
        chunk.appendString("{\"id\":" + (++id) + ",\"v\":\"" + HexFormat.of().formatHex(noise) + "\"}\n");
      }
      total += chunk.length();
      chunks.add(chunk);
    }
    return chunks;
  }

  static byte[] concat(List<Buffer> chunks) {
    Buffer all = Buffer.buffer();
    chunks.forEach(all::appendBuffer);
    return all.getBytes();
  }

  LakeObjectWriter writer(String prefix, ObjectFormat format, long maxObjectBytes) {
    return new LakeObjectWriter(vertx, s3, BUCKET, seq -> prefix + "/obj-" + seq + (format.gzip() ? ".jsonl.gz" : ".jsonl"),
        format, new LakeObjectWriter.Limits(5 * MIB, 2, maxObjectBytes), new LakeJanitor(vertx));
  }

  static Future<Void> writeAll(LakeObjectWriter writer, List<Buffer> chunks, int from) {
    if (from == chunks.size()) {
      return Future.succeededFuture();
    }
    return writer.write(chunks.get(from)).compose(v -> writeAll(writer, chunks, from + 1));
  }

  static byte[] get(String key) throws Exception {
    return s3.getObject(b -> b.bucket(BUCKET).key(key), software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes())
        .get().asByteArray();
  }

  static String etag(String key) throws Exception {
    return s3.headObject(b -> b.bucket(BUCKET).key(key)).get().eTag();
  }

  @Test
  void streamsATableIntoOneMultipartObject() throws Exception {
    List<Buffer> chunks = chunks(12L * MIB, 1);
    byte[] expected = concat(chunks);
    LakeObjectWriter writer = writer("plain", ObjectFormat.JSON_LINES, 1024L * MIB);
    List<String> keys = on.await(() -> writeAll(writer, chunks, 0).compose(v -> writer.finish()));
    assertThat(keys).containsExactly("plain/obj-0.jsonl");
    assertThat(get("plain/obj-0.jsonl")).isEqualTo(expected);
    // 12+ MiB in 5 MiB parts: three parts, the multipart ETag says how many.
    assertThat(etag("plain/obj-0.jsonl")).endsWith("-3\"");
    assertThat(on.await(() -> store.openUploads(BUCKET, "plain/"))).isEmpty();
  }

  @Test
  void gzipObjectsAreOneValidGzipStreamWithFullCompressedParts() throws Exception {
    List<Buffer> chunks = chunks(24L * MIB, 2);
    byte[] expected = concat(chunks);
    LakeObjectWriter writer = writer("gz", ObjectFormat.JSON_LINES_GZIP, 1024L * MIB);
    List<String> keys = on.await(() -> writeAll(writer, chunks, 0).compose(v -> writer.finish()));
    assertThat(keys).containsExactly("gz/obj-0.jsonl.gz");
    byte[] compressed = get("gz/obj-0.jsonl.gz");
    assertThat(compressed.length).isLessThan(expected.length);
    assertThat(gunzip(compressed)).isEqualTo(expected);
    // Parts are cut from the compressed bytes: every part but the last is exactly 5 MiB.
    int parts = (compressed.length + 5 * MIB - 1) / (5 * MIB);
    assertThat(parts).isGreaterThan(1);
    assertThat(etag("gz/obj-0.jsonl.gz")).endsWith("-" + parts + "\"");
  }

  @Test
  void rotatesObjectsBetweenChunksBeforeTheMaximumSize() throws Exception {
    List<Buffer> chunks = chunks(16L * MIB, 3);
    byte[] expected = concat(chunks);
    LakeObjectWriter writer = writer("rotate", ObjectFormat.JSON_LINES, 6L * MIB);
    List<String> keys = on.await(() -> writeAll(writer, chunks, 0).compose(v -> writer.finish()));
    assertThat(keys).hasSizeGreaterThan(2);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (String key : keys) {
      byte[] object = get(key);
      assertThat(object.length).isLessThanOrEqualTo(6 * MIB);
      assertThat(object[object.length - 1]).as("objects hold whole lines").isEqualTo((byte) '\n');
      joined.write(object);
    }
    assertThat(joined.toByteArray()).isEqualTo(expected);
  }

  @Test
  void anEmptyTableWritesNoObject() throws Exception {
    LakeObjectWriter writer = writer("empty", ObjectFormat.JSON_LINES_GZIP, 1024L * MIB);
    List<String> keys = on.await(() -> writer.write(Buffer.buffer()).compose(v -> writer.finish()));
    assertThat(keys).isEmpty();
    assertThat(on.await(() -> store.listKeys(BUCKET, "empty/"))).isEmpty();
    assertThat(on.await(() -> store.openUploads(BUCKET, "empty/"))).isEmpty();
  }

  @Test
  void anAbortLeavesNoObjectAndNoOpenUpload() throws Exception {
    List<Buffer> chunks = chunks(14L * MIB, 4);
    LakeObjectWriter writer = writer("abort", ObjectFormat.JSON_LINES, 6L * MIB);
    // Enough to complete one rotated object and have parts of the next one uploaded.
    on.await(() -> writeAll(writer, chunks.subList(0, 12), 0));
    assertThat(on.await(() -> store.listKeys(BUCKET, "abort/"))).isNotEmpty();
    on.await(() -> writer.abort(new IllegalStateException("source failed (test)")));
    assertThat(on.await(() -> store.listKeys(BUCKET, "abort/"))).isEmpty();
    assertThat(on.await(() -> store.openUploads(BUCKET, "abort/"))).isEmpty();
    assertThatThrownBy(() -> on.await(() -> writer.write(chunks.get(12)))).hasMessageContaining("source failed (test)");
  }

  static byte[] gunzip(byte[] data) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }
}
