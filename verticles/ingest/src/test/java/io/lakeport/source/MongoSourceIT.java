package io.lakeport.source;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.lakeport.config.LakeportConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.CleanUp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.using;
import static io.lakeport.source.SourceTesting.lines;
import static io.lakeport.source.SourceTesting.readAll;
import static io.lakeport.source.SourceTesting.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mongodb source against a MongoDB wire-protocol server (mongo-java-server, memory backend) started on a
 * random port for this class, filled through the Vert.x Mongo client itself: the contract and its own rules.
 */
class MongoSourceIT extends SourceContract {

  private static final String OID_1 = "65a1b2c3d4e5f60718293a41";
  private static final String OID_2 = "65a1b2c3d4e5f60718293a42";
  private static final String OID_3 = "65a1b2c3d4e5f60718293a43";
  private static final String OID_4 = "65a1b2c3d4e5f60718293a44";
  /** Bytes whose base64url text has '-' and '_' (JsonObject's binary text), standard base64 '+' and '/'. */
  private static final byte[] BYTES = {0, (byte) 0xff, 0x10, 0x7f, (byte) 0xfb, (byte) 0xef, (byte) 0xbe, (byte) 0xff};

  private static MongoServer server;
  /** Every source of this class reaches the server through the proxy, so a test can cut its connections. */
  private static CuttableProxy proxy;
  private static String uri;
  private static final String DATABASE = "lp_src_mongo";

  @BeforeAll
  static void startServerAndLoad() {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    proxy = new CuttableProxy(address.getPort());
    uri = "mongodb://127.0.0.1:" + proxy.port();
    Vertx vertx = Vertx.vertx();
    MongoClient client = MongoClient.create(vertx, new JsonObject().put("connection_string", uri).put("db_name", DATABASE));
    try {
      List<JsonObject> awkward = List.of(
          new JsonObject()
              .put("_id", oid(OID_1)).put("name", "Ana").put("Dot.Key", 1).put("dot_key", 2)
              .put("count", 42).put("big", 9007199254740993L).put("price", new BigDecimal("12.50"))
              .put("when", new JsonObject().put("$date", "2024-06-01T18:29:59.999Z"))
              .put("blob", new JsonObject().put("$binary", BYTES).put("$type", 0))
              .put("nested", new JsonObject().put("city", "X")
                  .put("geo", new JsonObject().put("lat", 1.5).put("lng", -2.25)).put("Inner.Dot", true))
              .put("tags", new JsonArray().add("a").add("b"))
              .put("scores", new JsonArray().add(1).add(2.5))
              .put("items", new JsonArray()
                  .add(new JsonObject().put("sku", "a").put("qty", 1))
                  .add(new JsonObject().put("sku", "b").put("qty", 2).put("extra", "x")))
              .put("mixed", 1).put("flag", true).put("ratio", 0.1),
          new JsonObject()
              .put("_id", oid(OID_2)).put("name", "Bo").put("count", 7).put("big", -9223372036854775807L)
              .put("price", new BigDecimal("3")).put("when", new JsonObject().put("$date", "2024-06-02T00:00:00Z"))
              .put("mixed", "one").put("nested", new JsonObject().put("city", "Y"))
              .put("onlyHere", "new field").put("ratio", Double.NaN),
          new JsonObject()
              .put("_id", oid(OID_3)).putNull("name").put("count", -1)
              .put("mixed", new JsonObject().put("a", new BigDecimal("1.10"))).put("ratio", Double.POSITIVE_INFINITY)
              .put("tags", new JsonArray()),
          new JsonObject().put("_id", oid(OID_4)));
      List<JsonObject> many = new ArrayList<>();
      for (int i = 1; i <= 5000; i++) {
        many.add(new JsonObject().put("n", i).put("payload", "x".repeat(40) + i));
      }
      List<JsonObject> growing = List.of(
          new JsonObject().put("_id", 1).put("a", 1),
          new JsonObject().put("_id", 2).put("a", "not a number").put("surprise", true),
          new JsonObject().put("_id", 3).put("a", 3));
      Future<Void> load = Future.succeededFuture();
      for (JsonObject d : awkward) {
        load = load.compose(v -> client.insert("awkward", d).mapEmpty());
      }
      load = load.compose(v -> client.bulkWrite("many", many.stream()
          .map(io.vertx.ext.mongo.BulkOperation::createInsert).toList()).mapEmpty());
      for (JsonObject d : growing) {
        load = load.compose(v -> client.insert("growing", d).mapEmpty());
      }
      await(load);
    } finally {
      await(client.close());
      await(vertx.close());
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    CleanUp.all(proxy == null ? null : proxy::close, server == null ? null : server::shutdownNow);
  }

  private static JsonObject oid(String hex) {
    return new JsonObject().put("$oid", hex);
  }

  private static LakeportConfig config(int fetchSize, int chunkKib) {
    return SourceTesting.config("mongotest", entry(uri), fetchSize, chunkKib);
  }

  private static JsonObject entry(String uri) {
    return new JsonObject().put("kind", "mongodb").put("uri", uri).put("database", DATABASE);
  }

  @Override
  protected Fixture fixture() {
    return new Fixture("mongotest", entry(uri), refusingEntry(), List.of("awkward", "growing", "many"), "awkward", 4,
        "many", "n", 5000, "awkward", "when", "(?i)(sending|receiving|end of stream|socket|closed)");
  }

  @Override
  protected Map<String, String> expectedTypes() {
    return pairs("_id", "varchar", "name", "varchar", "dot_key", "integer", "dot_key_2", "integer", "count", "integer",
        "big", "bigint", "price", "decimal(38,2)", "when", "timestamp", "blob", "varbinary",
        "nested", "row(city varchar, geo row(lat double, lng double), inner_dot boolean)",
        "tags", "array(varchar)", "scores", "array(double)", "items", "array(row(sku varchar, qty integer, extra varchar))",
        "mixed", "json", "flag", "boolean", "ratio", "double", "onlyhere", "varchar");
  }

  /** The wire server has no authentication: nothing listens on a port just freed, and the driver gives up soon. */
  private static JsonObject refusingEntry() {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return entry("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000");
  }

  @Override
  protected long countInDatabase(Vertx vertx, String table) {
    MongoClient client = MongoClient.create(vertx, new JsonObject().put("connection_string", uri).put("db_name", DATABASE));
    try {
      return await(client.count(table, new JsonObject()));
    } finally {
      await(client.close());
    }
  }

  /** The wire server keeps no sessions to end: the proxy drops the connections, as the network would. */
  @Override
  protected void cutCursorConnection() {
    proxy.cut();
  }

  @Test
  void estimatesDocumentsFromTheCollectionsMetadataCount(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      TableSchema many = schema(source, "many");
      assertThat(await(source.estimateRows(many))).isEqualTo(5000L);
    });
  }

  @Test
  void infersOneSchemaAcrossVaryingDocuments(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      // The types and the collections found are the contract's (expectedTables, expectedTypes).
      TableSchema schema = schema(source, "awkward");
      assertThat(schema.primaryKey()).containsExactly("_id");
      assertThat(schema.columns().getFirst().lakeName()).isEqualTo("_id");
      assertThat(schema.column("_id").sourceType()).isEqualTo("objectId");
      assertThat(schema.column("nested").sourceType())
          .isEqualTo("{\"city\":\"string\",\"geo\":{\"lat\":\"double\",\"lng\":\"double\"},\"Inner.Dot\":\"bool\"}");
      assertThat(schema.warnings())
          .anyMatch(w -> w.contains("'dot_key'") && w.contains("dot_key_2"))
          .anyMatch(w -> w.contains("'mixed'") && w.contains("conflicting types") && w.contains("int")
              && w.contains("string") && w.contains("object"))
          .anyMatch(w -> w.contains("in 'nested'") && w.contains("Inner.Dot"));
    });
  }

  @Test
  void documentsRoundTripAsFlatExactValues(Vertx vertx) {
    // Four documents, each line with every column of the schema in order: readTypedTable asserts it.
    TypedRead read = readTypedTable(vertx, 2, 4);
    Map<Object, Map<String, Object>> byId = read.byKey("_id");
    Map<String, Object> one = byId.get(OID_1);
    assertThat(one).containsEntry("name", "Ana").containsEntry("dot_key", dec("1")).containsEntry("dot_key_2", dec("2"))
        .containsEntry("count", dec("42")).containsEntry("big", dec("9007199254740993"))
        .containsEntry("price", dec("12.50")).containsEntry("when", "2024-06-01 18:29:59.999000")
        .containsEntry("flag", true).containsEntry("ratio", dec("0.1")).containsEntry("mixed", dec("1"))
        .containsEntry("onlyhere", null);
    assertThat(one.get("blob")).isEqualTo(Base64.getEncoder().encodeToString(BYTES));
    assertThat(Base64.getDecoder().decode((String) one.get("blob"))).containsExactly(BYTES);
    assertThat(one.get("nested")).isEqualTo(Map.of("city", "X",
        "geo", Map.of("lat", dec("1.5"), "lng", dec("-2.25")), "inner_dot", true));
    assertThat(one.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(one.get("scores")).isEqualTo(List.of(dec("1"), dec("2.5")));
    assertThat(one.get("items")).isEqualTo(List.of(row("sku", "a", "qty", dec("1"), "extra", null),
        row("sku", "b", "qty", dec("2"), "extra", "x")));

    Map<String, Object> two = byId.get(OID_2);
    assertThat(two).containsEntry("big", dec("-9223372036854775807")).containsEntry("price", dec("3"))
        .containsEntry("when", "2024-06-02 00:00:00.000000").containsEntry("mixed", "one")
        .containsEntry("onlyhere", "new field").containsEntry("ratio", "NaN").containsEntry("tags", null);
    assertThat(two.get("nested")).isEqualTo(row("city", "Y", "geo", null, "inner_dot", null));

    Map<String, Object> three = byId.get(OID_3);
    assertThat(three).containsEntry("name", null).containsEntry("count", dec("-1"))
        .containsEntry("mixed", Map.of("a", dec("1.10"))).containsEntry("ratio", "Infinity")
        .containsEntry("tags", List.of());
    assertThat(byId.get(OID_4).entrySet()).allMatch(e -> e.getKey().equals("_id") || e.getValue() == null);
    assertThat(read.warnings())
        .anyMatch(w -> w.startsWith("awkward.ratio: double NaN written as the string \"NaN\""))
        .anyMatch(w -> w.startsWith("awkward.ratio: double Infinity written as the string \"Infinity\""));
  }

  @Test
  void documentsBeyondTheSampleNeverBreakTheSchema(Vertx vertx) throws Exception {
    LakeportConfig config = config(100, 64);
    // A sample of 2 sees the first and the newest document only, not the one in the middle.
    using(new MongoSource(vertx, config.source("mongotest"), config.ingest(), 2), source -> {
      TableSchema schema = schema(source, "growing");
      assertThat(schema.columns()).extracting(Column::lakeName).containsExactly("_id", "a");
      assertThat(schema.column("a").type().sql()).isEqualTo("integer");
      TableReader reader = await(source.open(schema, null, null));
      List<Map<String, Object>> rows = lines(readAll(reader));
      assertThat(rows).containsExactly(row("_id", dec("1"), "a", dec("1")), row("_id", dec("2"), "a", null),
          row("_id", dec("3"), "a", dec("3")));
      assertThat(reader.warnings())
          .anyMatch(w -> w.startsWith("growing.a: String value that does not fit integer written as null")
              && w.contains("not a number"))
          .anyMatch(w -> w.startsWith("growing.surprise: field not in the sampled schema dropped"));
    });
  }

  @Test
  void incrementalReadsOnlyDocumentsPastTheWatermark(Vertx vertx) throws Exception {
    using(source(vertx, 2, 4), source -> {
      TableSchema schema = schema(source, "awkward");
      TableReader byDate = await(source.open(schema, "when", "2024-06-01 18:29:59.999000"));
      assertThat(lines(readAll(byDate))).extracting(r -> r.get("_id")).containsExactly(OID_2);
      assertThat(byDate.maxWatermark()).isEqualTo("2024-06-02 00:00:00.000000");

      TableReader byId = await(source.open(schema, "_id", OID_2));
      assertThat(lines(readAll(byId))).extracting(r -> r.get("_id")).containsExactly(OID_3, OID_4);
      assertThat(byId.maxWatermark()).isEqualTo(OID_4);

      TableReader byCount = await(source.open(schema, "count", "-1"));
      assertThat(lines(readAll(byCount))).extracting(r -> r.get("_id")).containsExactly(OID_2, OID_1);
      assertThat(byCount.maxWatermark()).isEqualTo("42");

      TableReader byPrice = await(source.open(schema, "price", "3"));
      assertThat(lines(readAll(byPrice))).extracting(r -> r.get("_id")).containsExactly(OID_1);
      assertThat(byPrice.maxWatermark()).isEqualTo("12.50");
    });
  }
}
