package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig;
import io.lakeport.config.LakeportConfig.SourceKind;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.AwsJsonServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Iceberg's Glue catalog as {@link IcebergCatalog} drives it, against {@link FakeGlueServer} with the real
 * AWS SDK Glue client that {@link GlueClients} builds from a profile: the requests the SDK sends (operation,
 * SigV4 signature for glue, TableInput with the parameters Glue and Athena read) and the catalog's handling
 * of Glue's answers (missing entities, VersionId conflicts). The files go through the subclass's FileIO:
 * in memory for the unit test, {@link LakeFileIO} on S3Proxy for the integration test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GlueCatalogContract {

  /** The profile's namespace; each test commits in a Glue database of its own. */
  static final String NAMESPACE = "lakeport_glue";
  private Vertx vertx;
  FakeGlueServer glue;

  /** The FileIO every file of the tests goes through; opened once, after the fake. */
  abstract FileIO openIO(Vertx vertx);

  /** Where table {@code name} keeps its files (the way a run places them: a bucket, under iceberg/). */
  abstract String location(String name);

  abstract void closeIO() throws Exception;

  @BeforeAll
  void startFake() throws Exception {
    vertx = Vertx.vertx();
    glue = FakeGlueServer.start(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    io = openIO(vertx);
  }

  @AfterAll
  void stopFake() throws Exception {
    try {
      closeIO();
    } finally {
      glue.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private FileIO io;

  /** A profile's lake section with catalog glue at the fake (static keys, as a profile for a test store has). */
  static LakeportConfig.LakeConfig lake(FakeGlueServer glue, String catalogId) {
    JsonObject glueSection = new JsonObject().put("endpoint", glue.endpoint().toString());
    if (catalogId != null) {
      glueSection.put("catalogId", catalogId);
    }
    return LakeportConfig.from(new JsonObject()
        .put("groups", new JsonArray().add("api"))
        .put("lake", new JsonObject().put("region", "eu-west-1").put("accessKey", "AKIDGLUETEST")
            .put("secretKey", "glue-test-secret")
            .put("iceberg", new JsonObject().put("catalog", "glue").put("warehouse", "s3://warehouse/iceberg")
                .put("namespace", NAMESPACE).put("glue", glueSection))), "GlueCatalogContract").lake();
  }

  /** A catalog as a run opens it: {@link IcebergLake}'s settings, a new Glue client, the test's FileIO. */
  IcebergCatalog catalog(String catalogId) {
    LakeportConfig.LakeConfig lake = lake(glue, catalogId);
    LakeportConfig.IcebergConfig config = lake.iceberg();
    return IcebergCatalog.glue(new IcebergCatalog.GlueSettings(config.name(), config.warehouse(),
        config.glue().catalogId()), GlueClients.create(lake), io);
  }

  private static TableSchema schema(String table, LakeType idType, boolean withNote) {
    List<Column> columns = new ArrayList<>(List.of(
        new Column("id", "id", idType, false, idType == LakeType.Primitive.BIGINT ? "int8" : "int4"),
        new Column("name", "name", LakeType.Primitive.VARCHAR, true, "text")));
    if (withNote) {
      columns.add(new Column("note", "note", LakeType.Primitive.VARCHAR, true, "text"));
    }
    return new TableSchema("it", table, columns, List.of("id"), List.of());
  }

  /** One Parquet data file of {@code rows} (column name to value) under the write's data location. */
  private List<DataFile> write(IcebergCatalog.TableWrite write, List<Map<String, Object>> rows) throws IOException {
    DataWriter<Record> writer = new GenericAppenderFactory(write.schema()).newDataWriter(
        EncryptedFiles.plainAsEncryptedOutput(io.newOutputFile(write.dataLocation() + "/" + UUID.randomUUID()
            + ".parquet")), FileFormat.PARQUET, null);
    try (writer) {
      for (Map<String, Object> row : rows) {
        GenericRecord record = GenericRecord.create(write.schema());
        row.forEach(record::setField);
        writer.write(record);
      }
    }
    return List.of(writer.toDataFile());
  }

  private static Map<String, Object> row(Object id, String name) {
    return Map.of("id", id, "name", name);
  }

  private static List<String> rows(Table table, Long snapshotId) throws IOException {
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
    if (snapshotId != null) {
      scan.useSnapshot(snapshotId);
    }
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record record : records) {
        StringBuilder text = new StringBuilder();
        for (Types.NestedField field : table.schemas().get(table.snapshot(snapshotId == null
            ? table.currentSnapshot().snapshotId() : snapshotId).schemaId()).columns()) {
          text.append(text.isEmpty() ? "" : "|").append(record.getField(field.name()));
        }
        rows.add(text.toString());
      }
    }
    rows.sort(Comparator.naturalOrder());
    return rows;
  }

  private static JsonObject parameters(JsonObject request) {
    return request.getJsonObject("TableInput").getJsonObject("Parameters");
  }

  private static List<String> columns(JsonObject request) {
    return request.getJsonObject("TableInput").getJsonObject("StorageDescriptor").getJsonArray("Columns").stream()
        .map(c -> ((JsonObject) c).getString("Name") + " " + ((JsonObject) c).getString("Type")).toList();
  }

  private List<JsonObject> requestsFor(String operation, String table) {
    return glue.requests(operation).stream().filter(r -> table.equals(r.getString("Name"))
        || r.getJsonObject("TableInput") != null && table.equals(r.getJsonObject("TableInput").getString("Name")))
        .toList();
  }

  @Test
  void createsCommitsAndEvolvesATableWithTheSdksGlueRequests() throws Exception {
    String name = "orders";
    String database = "glue_evolve";
    TableIdentifier id = TableIdentifier.of(Namespace.of(database), name);
    long secondSnapshot;
    try (IcebergCatalog catalog = catalog(null)) {
      assertThat(catalog.load(id)).as("no table before the first commit").isNull();

      // Snapshot 1 creates the table (and the namespace's Glue database).
      IcebergCatalog.TableWrite first = catalog.begin(id,
          IcebergSchemas.of(schema(name, LakeType.Primitive.INTEGER, false), SourceKind.POSTGRESQL), List.of("id"),
          location(name));
      first.commitReplace(write(first, List.of(row(1, "a"), row(2, "b"), row(3, "c"))), Map.of("run", "1"));
      // Snapshot 2: a row delta adding rows.
      IcebergCatalog.TableWrite second = catalog.begin(id,
          IcebergSchemas.of(schema(name, LakeType.Primitive.INTEGER, false), SourceKind.POSTGRESQL), List.of("id"),
          location(name));
      second.commitDelta(write(second, List.of(row(4, "d"), row(5, "e"))), List.of(), Map.of("run", "2"));
      secondSnapshot = second.committedSnapshotId();
      // Snapshot 3: id widened int -> long, a column added, the rows replaced, in one commit.
      IcebergCatalog.TableWrite third = catalog.begin(id,
          IcebergSchemas.of(schema(name, LakeType.Primitive.BIGINT, true), SourceKind.POSTGRESQL), List.of("id"),
          location(name));
      third.commitReplace(write(third, List.of(Map.of("id", 1L, "name", "a", "note", "kept"),
          Map.of("id", 5_000_000_000L, "name", "big", "note", "past int"))), Map.of("run", "3"));
    }

    assertThat(glue.requests("CreateDatabase")).filteredOn(r -> database.equals(
        r.getJsonObject("DatabaseInput").getString("Name"))).hasSize(1);
    List<JsonObject> creates = requestsFor("CreateTable", name);
    List<JsonObject> updates = requestsFor("UpdateTable", name);
    assertThat(creates).hasSize(1);
    assertThat(updates).hasSize(2);
    assertThat(glue.operations()).containsSubsequence("GetDatabase", "CreateDatabase", "GetTable", "CreateTable",
        "GetTable", "UpdateTable", "GetTable", "UpdateTable");

    JsonObject create = creates.getFirst();
    assertThat(create.getString("DatabaseName")).isEqualTo(database);
    assertThat(create.getJsonObject("TableInput").getString("TableType")).isEqualTo("EXTERNAL_TABLE");
    assertThat(create.getJsonObject("TableInput").getJsonObject("StorageDescriptor").getString("Location"))
        .isEqualTo(location(name));
    assertThat(parameters(create).getString("table_type")).isEqualTo("ICEBERG");
    String created = parameters(create).getString("metadata_location");
    assertThat(created).startsWith(location(name) + "/metadata/").endsWith(".metadata.json");
    assertThat(parameters(create).containsKey("previous_metadata_location")).isFalse();
    assertThat(columns(create)).containsExactly("id int", "name string");

    // Each update names the metadata it replaces and carries the VersionId it read (optimistic commit).
    JsonObject appended = updates.get(0);
    JsonObject evolved = updates.get(1);
    assertThat(appended.getString("VersionId")).isEqualTo("1");
    assertThat(appended.getBoolean("SkipArchive")).isTrue();
    assertThat(parameters(appended).getString("table_type")).isEqualTo("ICEBERG");
    assertThat(parameters(appended).getString("previous_metadata_location")).isEqualTo(created);
    String afterAppend = parameters(appended).getString("metadata_location");
    assertThat(afterAppend).isNotEqualTo(created).startsWith(location(name) + "/metadata/");
    assertThat(evolved.getString("VersionId")).isEqualTo("2");
    assertThat(parameters(evolved).getString("previous_metadata_location")).isEqualTo(afterAppend);
    assertThat(columns(evolved)).containsExactly("id bigint", "name string", "note string");
    assertThat(glue.table(database, name).getString("VersionId")).isEqualTo("3");

    // The SDK signs for Glue in the lake's region with the lake's keys.
    AwsJsonServer.Recorded signed = glue.requests().stream()
        .filter(r -> r.operation().equals("UpdateTable")).findFirst().orElseThrow();
    assertThat(signed.headers().get("X-Amz-Target")).isEqualTo("AWSGlue.UpdateTable");
    assertThat(signed.headers().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDGLUETEST/")
        .contains("/eu-west-1/glue/aws4_request");

    // A fresh catalog (new client, nothing cached) reads schema, rows and history back through Glue.
    try (IcebergCatalog fresh = catalog(null)) {
      Table table = fresh.load(id);
      assertThat(table).isNotNull();
      assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().metadataFileLocation())
          .isEqualTo(parameters(evolved).getString("metadata_location"));
      assertThat(table.schema().columns()).extracting(f -> f.name() + " " + f.type())
          .containsExactly("id long", "name string", "note string");
      assertThat(rows(table, null)).containsExactly("1|a|kept", "5000000000|big|past int");
      assertThat(rows(table, secondSnapshot)).containsExactly("1|a", "2|b", "3|c", "4|d", "5|e");
      List<Snapshot> history = new ArrayList<>();
      table.snapshots().forEach(history::add);
      assertThat(history).extracting(s -> s.summary().get("run")).containsExactly("1", "2", "3");
    }
  }

  @Test
  void aConcurrentChangeRefusedByVersionIdIsRetriedOnTheNewVersionAndItsMetadataDeleted() throws Exception {
    String name = "contended";
    String database = "glue_contended";
    TableIdentifier id = TableIdentifier.of(Namespace.of(database), name);
    try (IcebergCatalog catalog = catalog(null)) {
      IcebergCatalog.TableWrite first = catalog.begin(id,
          IcebergSchemas.of(schema(name, LakeType.Primitive.INTEGER, false), SourceKind.POSTGRESQL), List.of("id"),
          location(name));
      first.commitReplace(write(first, List.of(row(1, "a"))), Map.of());

      glue.concurrentChangeBeforeNextUpdate(database, name);
      IcebergCatalog.TableWrite second = catalog.begin(id,
          IcebergSchemas.of(schema(name, LakeType.Primitive.INTEGER, false), SourceKind.POSTGRESQL), List.of("id"),
          location(name));
      second.commitDelta(write(second, List.of(row(2, "b"))), List.of(), Map.of());

      List<JsonObject> updates = requestsFor("UpdateTable", name);
      assertThat(updates).extracting(u -> u.getString("VersionId")).containsExactly("1", "2");
      String refused = parameters(updates.get(0)).getString("metadata_location");
      String accepted = parameters(updates.get(1)).getString("metadata_location");
      assertThat(accepted).isNotEqualTo(refused);
      assertThat(parameters(updates.get(1)).getString("previous_metadata_location"))
          .isEqualTo(parameters(updates.get(0)).getString("previous_metadata_location"));
      assertThat(glue.table(database, name).getJsonObject("Parameters").getString("metadata_location"))
          .isEqualTo(accepted);
      assertThat(exists(refused)).as("the refused attempt's metadata file is deleted").isFalse();
      assertThat(exists(accepted)).isTrue();
      assertThat(rows(catalog.load(id), null)).containsExactly("1|a", "2|b");
    }
  }

  private boolean exists(String path) {
    try {
      return io.newInputFile(path).exists();
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      return false; // InMemoryFileIO's way of saying so
    }
  }

  @Test
  void anotherAccountsCatalogIsNamedInEveryRequestAndADroppedTableIsGone() throws Exception {
    String name = "shared";
    String account = "111122223333";
    TableIdentifier id = TableIdentifier.of(Namespace.of(NAMESPACE), name);
    int before = glue.requests().size();
    try (IcebergCatalog catalog = catalog(account)) {
      IcebergCatalog.TableWrite write = catalog.begin(id,
          IcebergSchemas.of(schema(name, LakeType.Primitive.INTEGER, false), SourceKind.POSTGRESQL), List.of("id"),
          location(name));
      write.commitReplace(write(write, List.of(row(1, "a"))), Map.of());
      assertThat(catalog.load(id)).isNotNull();
      assertThat(glue.table(NAMESPACE, name)).as("not in the caller's own account").isNull();
      assertThat(glue.table(account, NAMESPACE, name)).isNotNull();

      assertThat(catalog.drop(id)).isTrue();
      assertThat(catalog.load(id)).isNull();
    }
    List<AwsJsonServer.Recorded> requests = glue.requests().subList(before, glue.requests().size());
    assertThat(requests).extracting(AwsJsonServer.Recorded::operation).contains("CreateDatabase", "CreateTable",
        "DeleteTable");
    assertThat(requests).allSatisfy(r -> assertThat(r.body().getString("CatalogId")).as(r.operation())
        .isEqualTo(account));
  }
}
