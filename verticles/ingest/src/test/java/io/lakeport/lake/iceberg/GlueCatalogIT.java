package io.lakeport.lake.iceberg;

import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.IngestVerticle;
import io.lakeport.run.RunStatus;
import io.lakeport.run.RunStatus.State;
import io.lakeport.source.Sources;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.RecordingCatalog;
import io.lakeport.testing.ScratchTable;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GlueCatalogContract} with the files in the local stack's S3Proxy through {@link LakeFileIO} (the
 * catalog's FileIO on the Glue path too), and a {@code format: iceberg} PostgreSQL source run end to end with
 * {@code lake.iceberg.catalog: glue}: the ingest opens the Glue catalog from the profile, commits a full and
 * then an incremental run through the fake, and the engine port (a {@link RecordingCatalog}: Trino does not
 * read the fake) is handed the committed Iceberg table.
 */
@ExtendWith(LocalStackExtension.class)
class GlueCatalogIT extends GlueCatalogContract {

  private static final int MIB = 1024 * 1024;
  private S3AsyncClient s3;
  private ScratchBucket bucket;

  @Override
  FileIO openIO(Vertx vertx) {
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "glue-it");
    return new LakeFileIO(s3, vertx.getOrCreateContext(), 5 * MIB, 2);
  }

  @Override
  String location(String name) {
    return IcebergLake.location(bucket.name(), name);
  }

  @Override
  void closeIO() {
    try {
      bucket.close();
    } finally {
      s3.close();
    }
  }

  private static List<String> idsAndAmounts(Table table) throws Exception {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("id", "amount").build()) {
      rows.forEach(records::add);
    }
    return records.stream().sorted(Comparator.comparingLong(r -> (Long) r.getField("id")))
        .map(r -> r.getField("id") + ":" + ((BigDecimal) r.getField("amount")).toPlainString()).toList();
  }

  @Test
  void aPostgresSourceRunsFullThenIncrementalIntoTheGlueCatalog() throws Exception {
    String namespace = "glue_ingest";
    TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "itpg_scratch");
    Vertx ingest = Vertx.vertx();
    try (ScratchTable db = ScratchTable.postgres()) {
      db.insert(1, 5000);
      LakeportConfig config = LakeportConfig.from(new JsonObject()
          .put("groups", new JsonArray().add("ingest"))
          .put("lake", new JsonObject().put("endpoint", LocalStack.S3_ENDPOINT.toString()).put("pathStyle", true)
              .put("accessKey", LocalStack.S3_ACCESS_KEY).put("secretKey", LocalStack.S3_SECRET_KEY)
              .put("partSizeMib", 5).put("partsInFlight", 2)
              .put("iceberg", new JsonObject().put("catalog", "glue")
                  .put("warehouse", "s3://" + bucket.name() + "/warehouse").put("namespace", namespace)
                  .put("rowGroupMib", 1).put("targetFileMib", 64)
                  .put("glue", new JsonObject().put("endpoint", glue.endpoint().toString()))))
          .put("ingest", new JsonObject().put("chunkKib", 256).put("credits", 4).put("fetchSize", 500))
          .put("sources", new JsonObject().put("itpg", db.sourceConfig(bucket.name()).put("format", "iceberg"))),
          "GlueCatalogIT");
      RecordingCatalog engine = new RecordingCatalog();
      ingest.deployVerticle(new IngestVerticle(config, Sources::create, v -> Future.succeededFuture(engine)))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      IngestBus bus = new IngestBus(ingest);

      succeeded(bus, "full");
      List<JsonObject> creates = glue.requests("CreateTable").stream()
          .filter(r -> namespace.equals(r.getString("DatabaseName"))).toList();
      assertThat(creates).singleElement().satisfies(create -> {
        JsonObject input = create.getJsonObject("TableInput");
        assertThat(input.getString("Name")).isEqualTo("itpg_scratch");
        assertThat(input.getJsonObject("Parameters").getString("table_type")).isEqualTo("ICEBERG");
        assertThat(input.getJsonObject("StorageDescriptor").getString("Location"))
            .isEqualTo(IcebergLake.location(bucket.name(), "scratch"));
      });
      String created = creates.getFirst().getJsonObject("TableInput").getJsonObject("Parameters")
          .getString("metadata_location");
      assertThat(engine.published).singleElement().satisfies(published -> {
        CommittedTable.IcebergTable table = published.iceberg();
        assertThat(table.namespace()).isEqualTo(namespace);
        assertThat(table.table()).isEqualTo("itpg_scratch");
      });

      db.insert(5001, 6000);
      succeeded(bus, "incremental");
      List<JsonObject> updates = glue.requests("UpdateTable").stream()
          .filter(r -> namespace.equals(r.getString("DatabaseName"))).toList();
      assertThat(updates).singleElement().satisfies(update -> {
        JsonObject parameters = update.getJsonObject("TableInput").getJsonObject("Parameters");
        assertThat(parameters.getString("previous_metadata_location")).isEqualTo(created);
        assertThat(update.getString("VersionId")).isEqualTo("1");
      });

      try (IcebergCatalog fresh = catalog(null)) {
        Table table = fresh.load(id);
        assertThat(idsAndAmounts(table)).containsExactlyElementsOf(db.idsAndAmounts());
        assertThat(table.currentSnapshot().summary()).containsEntry(IcebergTableLoad.WATERMARK, "6000");
        fresh.drop(id);
      }
    } finally {
      ingest.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static void succeeded(IngestBus bus, String mode) throws Exception {
    RunStatus status = bus.awaitEnd(bus.start(new JsonObject().put("source", "itpg").put("mode", mode)
        .put("tables", new JsonArray().add("scratch"))));
    assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(State.SUCCEEDED);
  }
}
