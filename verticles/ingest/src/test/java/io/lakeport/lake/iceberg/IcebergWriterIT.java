package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig.SourceKind;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Iceberg writer against the local stack: Parquet data files through {@link LakeFileIO} into S3Proxy,
 * committed in the JDBC catalog on PostgreSQL, read back by Trino 476's Iceberg connector (catalog
 * {@code iceberg}). Each test writes its own table in a namespace of its own, in a scratch bucket.
 */
@ExtendWith(LocalStackExtension.class)
class IcebergWriterIT {

  private static final int MIB = 1024 * 1024;
  private static Vertx vertx;
  private static S3AsyncClient s3;
  private static ScratchBucket bucket;
  private static LakeFileIO io;
  private static IcebergCatalog catalog;
  private static final String NAMESPACE = LocalStack.uniqueSqlName("iceberg_it");
  private static final List<String> TABLES = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "iceberg-it");
    io = new LakeFileIO(s3, vertx.getOrCreateContext(), 5 * MIB, 2);
    catalog = new IcebergCatalog(new IcebergCatalog.Settings(LocalStack.ICEBERG_CATALOG_NAME,
        LocalStack.ICEBERG_CATALOG_URI, LocalStack.ICEBERG_CATALOG_USER, LocalStack.ICEBERG_CATALOG_PASSWORD,
        LocalStack.ICEBERG_WAREHOUSE), io);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      for (String table : TABLES) {
        trino("DROP TABLE IF EXISTS " + table);
      }
      trino("DROP SCHEMA IF EXISTS iceberg." + NAMESPACE);
    } finally {
      catalog.close();
      bucket.close();
      s3.close();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static final TableSchema ORDERS = new TableSchema("it", "orders", List.of(
      new Column("id", "id", LakeType.Primitive.BIGINT, false, "int8"),
      new Column("amount", "amount", new LakeType.Decimal(12, 2), true, "numeric(12,2)"),
      new Column("name", "name", LakeType.Primitive.VARCHAR, true, "text"),
      new Column("paid_at", "paid_at", LakeType.Primitive.TIMESTAMP, true, "timestamptz"),
      new Column("local_at", "local_at", LakeType.Primitive.TIMESTAMP, true, "timestamp"),
      new Column("day", "day", LakeType.Primitive.DATE, true, "date"),
      new Column("ok", "ok", LakeType.Primitive.BOOLEAN, true, "bool"),
      new Column("ratio", "ratio", LakeType.Primitive.DOUBLE, true, "float8"),
      new Column("raw", "raw", LakeType.Primitive.VARBINARY, true, "bytea"),
      new Column("doc", "doc", LakeType.Primitive.JSON, true, "jsonb"),
      new Column("tags", "tags", new LakeType.Array(LakeType.Primitive.VARCHAR), true, "_text")),
      List.of("id"), List.of());

  private static String line(long id) {
    return "{\"id\":" + id + ",\"amount\":" + id + ".5,\"name\":\"n\\\"" + id + "\",\"paid_at\":\"2024-06-01 18:29:59.999999\","
        + "\"local_at\":\"2024-06-01 18:29:59.000001\",\"day\":\"2024-02-29\",\"ok\":" + (id % 2 == 0) + ","
        + "\"ratio\":" + (id % 3 == 0 ? "\"NaN\"" : "1.0000000000000002") + ",\"raw\":\"AP8Q\","
        + "\"doc\":{\"a\":1.10,\"b\":[1,2.50]},\"tags\":[\"x\",null]}";
  }

  /** Writes {@code lines} into data files rolled at {@code targetBytes}, row groups of at most half that. */
  private static List<DataFile> write(IcebergCatalog.TableWrite write, List<String> lines, long targetBytes) {
    JsonLineRecords records = new JsonLineRecords(write.schema());
    RollingDataWriter writer = new RollingDataWriter(write.schema(), write.sortOrder(),
        new RollingDataWriter.Limits(Math.min(64 * 1024, targetBytes / 2), targetBytes),
        n -> io.newOutputFile(write.dataLocation() + "/part-" + System.nanoTime() + "-" + n + ".parquet"));
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      writer.write(records.parse(bytes, 0, bytes.length));
    }
    return writer.finish();
  }

  private static List<String> lines(long from, long to) {
    List<String> lines = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      lines.add(line(id));
    }
    return lines;
  }

  private static TableIdentifier table(String name) {
    TableIdentifier id = TableIdentifier.of(Namespace.of(NAMESPACE), name);
    TABLES.add("iceberg." + NAMESPACE + "." + name);
    return id;
  }

  private static String location(String name) {
    return "s3://" + bucket.name() + "/iceberg/" + name;
  }

  private static List<JsonArray> trino(String sql) throws Exception {
    return TrinoStatements.rows(LocalStack.TRINO_ICEBERG_CATALOG, sql);
  }

  @Test
  void fullWritesAreParquetTablesTrinoReadsWithTheSourceTypesAndValues() throws Exception {
    TableIdentifier id = table("orders");
    Schema schema = IcebergSchemas.of(ORDERS, SourceKind.POSTGRESQL);
    IcebergCatalog.TableWrite first = catalog.begin(id, schema, List.of("id"), location("orders"));
    List<DataFile> files = write(first, lines(1, 3000), 8 * 1024);
    assertThat(files).as("files rolled at the target size").hasSizeGreaterThan(1);
    first.commitReplace(files, java.util.Map.of());

    String fqn = "iceberg." + NAMESPACE + ".orders";
    String ddl = trino("SHOW CREATE TABLE " + fqn).getFirst().getString(0);
    assertThat(ddl).contains("format = 'PARQUET'").contains("format_version = 2")
        .contains("sorted_by = ARRAY['id ASC NULLS FIRST']");
    assertThat(trino("DESCRIBE " + fqn).stream().map(r -> r.getString(0) + " " + r.getString(1)).toList())
        .containsExactly("id bigint", "amount decimal(12,2)", "name varchar", "paid_at timestamp(6) with time zone",
            "local_at timestamp(6)", "day date", "ok boolean", "ratio double", "raw varbinary", "doc varchar",
            "tags array(varchar)");
    assertThat(trino("SELECT count(*), count(DISTINCT id), sum(amount) FROM " + fqn).getFirst().getList())
        .containsExactly(3000, 3000, "4503000.00");
    JsonArray row = trino("SELECT id, amount, name, CAST(paid_at AS varchar), CAST(local_at AS varchar), "
        + "CAST(day AS varchar), ok, CAST(ratio AS varchar), to_base64(raw), doc, CAST(tags AS json) FROM " + fqn
        + " WHERE id IN (3, 4) ORDER BY id").getFirst();
    assertThat(row.getList()).containsExactly(3, "3.50", "n\"3", "2024-06-01 18:29:59.999999 UTC",
        "2024-06-01 18:29:59.000001", "2024-02-29", false, "NaN", "AP8Q", "{\"a\":1.10,\"b\":[1,2.50]}",
        "[\"x\",null]");

    // A second full write replaces the contents in one snapshot; the first stays readable by version.
    long firstSnapshot = catalog.load(id).currentSnapshot().snapshotId();
    IcebergCatalog.TableWrite second = catalog.begin(id, schema, List.of("id"), location("orders"));
    second.commitReplace(write(second, lines(10, 19), 128 * MIB), java.util.Map.of());
    assertThat(trino("SELECT min(id), max(id), count(*) FROM " + fqn).getFirst().getList()).containsExactly(10, 19, 10);
    assertThat(trino("SELECT count(*) FROM " + fqn + " FOR VERSION AS OF " + firstSnapshot).getFirst().getInteger(0))
        .isEqualTo(3000);
  }

  @Test
  void addedColumnsAppearAndIncompatibleChangesFailNamingTheColumnWithoutANewSnapshot() throws Exception {
    TableIdentifier id = table("evolving");
    TableSchema v1 = new TableSchema("it", "evolving", List.of(
        new Column("id", "id", LakeType.Primitive.INTEGER, false, "int4"),
        new Column("price", "price", new LakeType.Decimal(10, 2), true, "numeric(10,2)")), List.of("id"), List.of());
    IcebergCatalog.TableWrite first = catalog.begin(id, IcebergSchemas.of(v1, SourceKind.POSTGRESQL), List.of("id"),
        location("evolving"));
    first.commitReplace(write(first, List.of("{\"id\":1,\"price\":1.50}"), 128 * MIB), java.util.Map.of());

    // Widened id and price, a new column: applied with the rows of the run, in one snapshot.
    TableSchema v2 = new TableSchema("it", "evolving", List.of(
        new Column("id", "id", LakeType.Primitive.BIGINT, false, "int8"),
        new Column("price", "price", new LakeType.Decimal(14, 2), true, "numeric(14,2)"),
        new Column("note", "note", LakeType.Primitive.VARCHAR, true, "text")), List.of("id"), List.of());
    IcebergCatalog.TableWrite second = catalog.begin(id, IcebergSchemas.of(v2, SourceKind.POSTGRESQL), List.of("id"),
        location("evolving"));
    second.commitReplace(write(second, List.of("{\"id\":1,\"price\":1.50,\"note\":null}",
        "{\"id\":5000000000,\"price\":123456789012.25,\"note\":\"new\"}"), 128 * MIB), java.util.Map.of());
    String fqn = "iceberg." + NAMESPACE + ".evolving";
    assertThat(trino("DESCRIBE " + fqn).stream().map(r -> r.getString(0) + " " + r.getString(1)).toList())
        .containsExactly("id bigint", "price decimal(14,2)", "note varchar");
    assertThat(trino("SELECT id, price, note FROM " + fqn + " ORDER BY id").stream().map(JsonArray::getList).toList())
        .containsExactly(java.util.Arrays.asList(1, "1.50", null), List.of(5000000000L, "123456789012.25", "new"));

    long before = catalog.load(id).currentSnapshot().snapshotId();
    TableSchema incompatible = new TableSchema("it", "evolving", List.of(
        new Column("id", "id", LakeType.Primitive.BIGINT, false, "int8"),
        new Column("price", "price", LakeType.Primitive.VARCHAR, true, "text")), List.of("id"), List.of());
    assertThatThrownBy(() -> catalog.begin(id, IcebergSchemas.of(incompatible, SourceKind.POSTGRESQL), List.of("id"),
        location("evolving")))
        .isInstanceOf(SchemaChangeException.class)
        .hasMessageContaining("price").hasMessageContaining("decimal(14, 2)").hasMessageContaining("string")
        .hasMessageContaining("rebuild");
    Table after = catalog.load(id);
    assertThat(after.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(trino("SELECT count(*) FROM " + fqn).getFirst().getInteger(0)).isEqualTo(2);
  }

  @Test
  void anAbortedWriteLeavesNoOpenUploadAndNoSnapshot() throws Exception {
    TableIdentifier id = table("aborted");
    Schema schema = IcebergSchemas.of(ORDERS, SourceKind.POSTGRESQL);
    IcebergCatalog.TableWrite write = catalog.begin(id, schema, List.of("id"), location("aborted"));
    JsonLineRecords records = new JsonLineRecords(write.schema());
    RollingDataWriter writer = new RollingDataWriter(write.schema(), write.sortOrder(),
        new RollingDataWriter.Limits(MIB, 128 * MIB),
        n -> io.newOutputFile(write.dataLocation() + "/aborted-" + n + ".parquet"));
    // Rows of random text until the Parquet writer has flushed row groups and the upload has parts.
    java.util.Random random = new java.util.Random(7);
    long rows = 0;
    while (s3.listMultipartUploads(b -> b.bucket(bucket.name())).get().uploads().isEmpty()) {
      assertThat(rows).as("rows written before the data file's upload started").isLessThan(2_000_000);
      for (int i = 0; i < 1000; i++) {
        byte[] text = new byte[300];
        random.nextBytes(text);
        byte[] bytes = ("{\"id\":" + ++rows + ",\"name\":\"" + java.util.HexFormat.of().formatHex(text) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        writer.write(records.parse(bytes, 0, bytes.length));
      }
    }
    writer.detachOpenFile().abort(new IllegalStateException("the source failed"));

    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket.name())).get().uploads()).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket.name()).prefix("iceberg/aborted/data/")).get().contents()).isEmpty();
    assertThat(catalog.load(id)).as("a table never committed does not exist").isNull();
  }

  @Test
  void aLineThatDoesNotMatchTheSchemaNamesTheColumn() {
    JsonLineRecords records = new JsonLineRecords(IcebergSchemas.of(ORDERS, SourceKind.POSTGRESQL));
    byte[] bad = "{\"id\":1,\"amount\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> records.parse(bad, 0, bad.length)).hasMessageContaining("column amount");
  }
}
