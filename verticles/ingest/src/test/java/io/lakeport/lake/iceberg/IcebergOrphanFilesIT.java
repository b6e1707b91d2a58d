package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig;
import io.lakeport.lake.LakeStore;
import io.lakeport.run.RunId;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.StackConfig;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orphan sweep of Iceberg data files against the local stack (S3Proxy, the JDBC catalog on PostgreSQL):
 * files of earlier runs of the source that no snapshot references are removed, in a committed table's folder
 * and in the folder of a table never committed; files a snapshot references (the current one or an older
 * one), the active run's files, another source's and metadata are kept.
 */
@ExtendWith(LocalStackExtension.class)
class IcebergOrphanFilesIT {

  private static final String SOURCE = "itsrc";
  private static final String PREFIX = "itsrc_";
  private static final String NAMESPACE = LocalStack.uniqueSqlName("iceberg_orphans");
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()));
  private static Vertx vertx;
  private static Context context;
  private static S3AsyncClient s3;
  private static ScratchBucket bucket;
  private static IcebergLake lake;
  private static IcebergCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "iceberg-orphans");
    JsonObject json = StackConfig.withGroups("ingest");
    json.getJsonObject("lake").put("iceberg", StackConfig.iceberg(NAMESPACE));
    LakeportConfig config = LakeportConfig.from(json
        .put("sources", new JsonObject().put(SOURCE, new JsonObject().put("kind", "postgresql")
            .put("host", LocalStack.POSTGRES.host()).put("port", LocalStack.POSTGRES.port()).put("database", "postgres")
            .put("user", "postgres").put("password", "").put("bucket", bucket.name()).put("tablePrefix", PREFIX)
            .put("format", "iceberg"))), "IcebergOrphanFilesIT");
    lake = new IcebergLake(vertx, s3, context, config.lake());
    catalog = await(lake.catalog());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      TrinoStatements.rows(LocalStack.TRINO_ICEBERG_CATALOG, "DROP TABLE IF EXISTS iceberg." + NAMESPACE + "." + PREFIX + "orders");
      TrinoStatements.rows(LocalStack.TRINO_ICEBERG_CATALOG, "DROP SCHEMA IF EXISTS iceberg." + NAMESPACE);
    } finally {
      await(lake.close());
      bucket.close();
      s3.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** Commits rows {@code from..to} as the whole table, written by {@code runId}; the keys of its data files. */
  private static List<String> commitFull(TableIdentifier id, String runId, int from, int to) throws Exception {
    return await(vertx.executeBlocking(() -> {
      IcebergCatalog.TableWrite write = catalog.begin(id, SCHEMA, List.of("id"), IcebergLake.location(bucket.name(), "orders"));
      IcebergTableLoad load = new IcebergTableLoad(write, lake.io(), lake.limits(), null, runId);
      StringBuilder lines = new StringBuilder();
      for (int i = from; i <= to; i++) {
        lines.append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}\n");
      }
      load.write(Buffer.buffer(lines.toString()));
      List<DataFile> files = load.finish();
      load.commitReplace(files, null, null);
      return files.stream().map(f -> f.location().substring(("s3://" + bucket.name() + "/").length())).toList();
    }, false));
  }

  private static void put(String key) throws Exception {
    s3.putObject(b -> b.bucket(bucket.name()).key(key), AsyncRequestBody.fromString("not really parquet"))
        .get(60, TimeUnit.SECONDS);
  }

  private static List<String> keys() throws Exception {
    return s3.listObjectsV2(b -> b.bucket(bucket.name())).get(60, TimeUnit.SECONDS).contents().stream()
        .map(S3Object::key).toList();
  }

  @Test
  void filesOfEarlierRunsThatNoSnapshotReferencesAreRemovedAndNothingElse() throws Exception {
    Instant now = Instant.parse("2026-12-03T10:00:00Z");
    String first = RunId.next(SOURCE, now);
    String second = RunId.next(SOURCE, now.plusSeconds(60));
    String dead = RunId.next(SOURCE, now.plusSeconds(120));
    String active = RunId.next(SOURCE, now.plusSeconds(180));
    TableIdentifier id = lake.identifier(PREFIX + "orders");
    // The second full run replaces the first: the first run's file is referenced only by the older snapshot.
    List<String> firstFiles = commitFull(id, first, 1, 10);
    List<String> secondFiles = commitFull(id, second, 1, 20);
    assertThat(firstFiles).isNotEmpty().allMatch(k -> k.startsWith("iceberg/orders/data/" + first + "-"));
    assertThat(secondFiles).isNotEmpty();

    String deadFile = "iceberg/orders/data/" + dead + "-0a1b2c3d-00001.parquet";
    String deadDeletes = "iceberg/orders/data/" + dead + "-0a1b2c3d-deletes.parquet";
    String neverCommitted = "iceberg/ghost/data/" + dead + "-1a2b3c4d-00001.parquet";
    String activeFile = "iceberg/orders/data/" + active + "-2a3b4c5d-00001.parquet";
    String otherSource = "iceberg/orders/data/" + RunId.next("itsrc-eu", now) + "-3a4b5c6d-00001.parquet";
    String noRun = "iceberg/orders/data/part-00001.parquet";
    String metadata = "iceberg/orders/metadata/" + dead + "-4a5b6c7d-00001.parquet";
    for (String key : List.of(deadFile, deadDeletes, neverCommitted, activeFile, otherSource, noRun, metadata)) {
      put(key);
    }

    List<String> removed = await(new IcebergOrphanFiles(vertx, lake, new LakeStore(s3, context))
        .sweep(bucket.name(), PREFIX, SOURCE, active));

    assertThat(removed).containsExactlyInAnyOrder(deadFile, deadDeletes, neverCommitted);
    List<String> left = keys();
    assertThat(left).doesNotContain(deadFile, deadDeletes, neverCommitted)
        .contains(activeFile, otherSource, noRun, metadata)
        .as("files the current and the older snapshot reference").containsAll(firstFiles).containsAll(secondFiles);
    assertThat(TrinoStatements.rows(LocalStack.TRINO_ICEBERG_CATALOG,
        "SELECT count(*) FROM iceberg." + NAMESPACE + "." + PREFIX + "orders"))
        .singleElement().asString().isEqualTo("[20]");

    assertThat(await(new IcebergOrphanFiles(vertx, lake, new LakeStore(s3, context))
        .sweep(bucket.name(), PREFIX, SOURCE, active))).as("a second sweep finds nothing").isEmpty();
  }
}
