package io.lakeport.testing;

import io.lakeport.store.LakeLayout;
import io.lakeport.lake.TableState;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;

/** What a reader of the lake sees, read straight from the S3 API (blocking; test threads only). */
public record LakeView(S3AsyncClient s3, String bucket) {

  public TableState state(String table) throws Exception {
    byte[] json = get(LakeLayout.tableStateKey(table));
    return json == null ? null : TableState.fromJson(new JsonObject(new String(json, StandardCharsets.UTF_8)));
  }

  /** The rows of the table's current snapshot, as a reader that follows the table state would see them. */
  public List<String> visibleRows(String table) throws Exception {
    TableState state = state(table);
    if (state == null) {
      return List.of();
    }
    List<String> rows = new ArrayList<>();
    for (String key : keys(LakeLayout.snapshotPrefix(table, state.snapshotId()))) {
      rows.addAll(lines(key));
    }
    return rows;
  }

  public List<String> lines(String key) throws Exception {
    byte[] data = get(key);
    if (key.endsWith(".gz")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
        data = in.readAllBytes();
      }
    }
    String text = new String(data, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  public List<String> keys(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      var page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(t)).get();
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  public List<MultipartUpload> openUploads() throws Exception {
    return s3.listMultipartUploads(b -> b.bucket(bucket)).get().uploads();
  }

  public byte[] get(String key) throws Exception {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()).get().asByteArray();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NoSuchKeyException) {
        return null;
      }
      throw e;
    }
  }
}
