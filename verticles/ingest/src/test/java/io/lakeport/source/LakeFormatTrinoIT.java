package io.lakeport.source;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.using;
import static io.lakeport.source.SourceTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake format as the engine reads it: lines written by the postgresql and mongodb sources are put into
 * S3Proxy and read back through Trino 476 tables in OPENX_JSON format, the way the catalog will declare
 * them. Runs against the local stack (S3Proxy, Trino); the database, bucket, schema and tables it creates
 * have unique names and are removed at the end.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class LakeFormatTrinoIT {

  private static ScratchDatabase pg;
  private static MongoServer mongo;
  private static String mongoUri;
  private static S3AsyncClient s3;
  private static ScratchBucket bucket;
  private static String schema;

  @BeforeAll
  static void setUp() throws Exception {
    pg = ScratchDatabase.create(LocalStack.POSTGRES, "source-format");
    pg.execute(
        """
        CREATE TABLE fmt (id int PRIMARY KEY, amount numeric(12,4), free numeric, d double precision, r real,
          flag boolean, name text, bytes bytea, day date, local_ts timestamp(6), zoned_ts timestamptz, docb jsonb,
          ints int[], amounts numeric(10,2)[], "Dot.Name" int, "dot.name" int)""",
        """
        INSERT INTO fmt VALUES
          (1, 12345678.1200, 1.50, 1.0000000000000002, 0.1, true, E'l\\u00ednea "q"\\n', '\\x00ff10', '2024-02-29',
           '2024-03-10 02:30:00.123456', '2024-06-01 23:59:59.999999+05:30', '{"a": 1.10, "b": [1, 2.50]}',
           '{1,NULL,3}', '{1.50,2.25}', 1, 2),
          (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (3, NULL, 'NaN', 'NaN', 'Infinity', false, '', '\\x', 'infinity', '-infinity', 'infinity', '[]', '{}', '{}', NULL, NULL),
          (4, -0.0001, 123456789.123456789, '-Infinity', '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, 'null', NULL, NULL,
           NULL, NULL)""");
    mongo = new MongoServer(new MemoryBackend());
    mongoUri = "mongodb://127.0.0.1:" + mongo.bind().getPort();
    Vertx vertx = Vertx.vertx();
    MongoClient client = MongoClient.create(vertx, new JsonObject().put("connection_string", mongoUri).put("db_name", "fmt"));
    try {
      await(client.insert("docs", new JsonObject()
              .put("_id", new JsonObject().put("$oid", "65a1b2c3d4e5f60718293a41")).put("big", 9007199254740993L)
              .put("price", new BigDecimal("12.50")).put("when", new JsonObject().put("$date", "2024-06-01T18:29:59.999Z"))
              .put("nested", new JsonObject().put("City", "X").put("geo", new JsonObject().put("lat", 1.5)))
              .put("items", new JsonArray().add(new JsonObject().put("sku", "a").put("qty", 1)))
              .put("mixed", 1))
          .compose(v -> client.insert("docs", new JsonObject()
              .put("_id", new JsonObject().put("$oid", "65a1b2c3d4e5f60718293a42")).put("big", -1L)
              .put("price", new BigDecimal("3")).put("mixed", new JsonObject().put("a", new BigDecimal("1.10")))
              .put("nested", new JsonObject().put("geo", new JsonObject())))));
    } finally {
      await(client.close());
      await(vertx.close());
    }
    s3 = LocalStack.newS3AsyncClient();
    bucket = ScratchBucket.create(s3, "source-format");
    schema = bucket.name().replace('-', '_');
    trino("CREATE SCHEMA hive." + schema + " WITH (location = 's3://" + bucket.name() + "/')");
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (schema != null) {
        trino("DROP TABLE IF EXISTS hive." + schema + ".pg");
        trino("DROP TABLE IF EXISTS hive." + schema + ".docs");
        trino("DROP SCHEMA IF EXISTS hive." + schema);
      }
    } finally {
      CleanUp.all(bucket == null ? null : bucket::close, s3 == null ? null : s3::close,
          mongo == null ? null : mongo::shutdownNow, pg == null ? null : pg::close);
    }
  }

  /** Lands a table the way a run will (the lines as one object) and declares it as the catalog will. */
  private static void land(Source source, String table, String name) throws Exception {
    TableSchema tableSchema = await(source.discover(List.of(table))).getFirst();
    TableReader reader = await(source.open(tableSchema, null, null));
    Buffer body = Buffer.buffer();
    readAll(reader).forEach(body::appendBuffer);
    s3.putObject(b -> b.bucket(bucket.name()).key(name + "/part-00000.jsonl"), AsyncRequestBody.fromBytes(body.getBytes()))
        .join();
    String columns = tableSchema.columns().stream().map(c -> quote(c.lakeName()) + " " + engineType(c.type()))
        .collect(Collectors.joining(", "));
    trino("CREATE TABLE hive." + schema + "." + name + " (" + columns + ") WITH (format = 'OPENX_JSON', "
        + "external_location = 's3://" + bucket.name() + "/" + name + "/')");
  }

  /**
   * The lake type in Trino's Hive DDL: no json column type, so JSON is text (OpenX hands over its JSON);
   * a timestamp column must say timestamp(6) when the catalog reads microseconds (hive.timestamp-precision).
   */
  private static String engineType(LakeType type) {
    return switch (type) {
      case LakeType.Array a -> "array(" + engineType(a.element()) + ")";
      case LakeType.Row r -> r.fields().stream().map(f -> quote(f.name()) + " " + engineType(f.type()))
          .collect(Collectors.joining(", ", "row(", ")"));
      case LakeType.Primitive p when p == LakeType.Primitive.JSON -> "varchar";
      case LakeType.Primitive p when p == LakeType.Primitive.TIMESTAMP -> "timestamp(6)";
      default -> type.sql();
    };
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  @Test
  void trinoReadsWhatThePostgresSourceWrites(Vertx vertx) throws Exception {
    using(SourceTesting.source(vertx, SourceTesting.config("fmtpg", SourceTesting.sqlSource(pg), 100, 4), "fmtpg"), source -> {
      land(source, "fmt", "pg");
    });
    List<JsonArray> rows = trino("""
        SELECT id, CAST(amount AS varchar), CAST(free AS varchar), CAST(d AS varchar), CAST(r AS varchar),
               is_nan(d), d = infinity(), d = -infinity(), flag, name, to_base64(bytes), CAST(day AS varchar),
               CAST(local_ts AS varchar), CAST(zoned_ts AS varchar), json_extract_scalar(docb, '$.a'), docb,
               CAST(ints AS json), CAST(amounts AS json), dot_name, dot_name_2, typeof(amount), typeof(local_ts)
          FROM hive.%s.pg ORDER BY id""".formatted(schema));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).getList()).containsExactly(1, "12345678.1200", "1.500000000", "1.0000000000000002E0",
        "1.0E-1", false, false, false, true, "l\u00ednea \"q\"\n", Base64.getEncoder().encodeToString(
            new byte[] {0, (byte) 0xff, 0x10}), "2024-02-29", "2024-03-10 02:30:00.123456", "2024-06-01 18:29:59.999999",
        "1.10", "{\"a\":1.10,\"b\":[1,2.50]}", "[1,null,3]", "[1.50,2.25]", 1, 2, "decimal(12,4)", "timestamp(6)");
    assertThat(rows.get(1).getList().subList(1, 20)).containsOnlyNulls();
    // NaN and the infinities arrive as doubles, not as nulls; numeric NaN and date/timestamp infinities are null.
    assertThat(rows.get(2).getList()).containsExactly(3, null, null, "NaN", "Infinity", true, false, false, false, "",
        "", null, null, null, null, "[]", "[]", "[]", null, null, "decimal(12,4)", "timestamp(6)");
    assertThat(rows.get(3).getList().subList(0, 8)).containsExactly(4, "-0.0001", "123456789.123456789", "-Infinity",
        "-Infinity", false, false, true);
  }

  @Test
  void trinoReadsWhatTheMongoSourceWrites(Vertx vertx) throws Exception {
    Source source = SourceTesting.source(vertx, SourceTesting.config("fmtmongo", new JsonObject().put("kind", "mongodb")
        .put("uri", mongoUri).put("database", "fmt"), 100, 4), "fmtmongo");
    try {
      land(source, "docs", "docs");
    } finally {
      await(source.close());
    }
    List<JsonArray> rows = trino("""
        SELECT "_id", CAST(big AS varchar), CAST(price AS varchar), CAST("when" AS varchar), nested.city,
               nested.geo.lat, items[1].sku, items[1].qty, mixed, typeof(nested), typeof(items)
          FROM hive.%s.docs ORDER BY "_id\"""".formatted(schema));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getList()).containsExactly("65a1b2c3d4e5f60718293a41", "9007199254740993", "12.50",
        "2024-06-01 18:29:59.999000", "X", 1.5, "a", 1, "1",
        "row(city varchar, geo row(lat double))", "array(row(sku varchar, qty integer))");
    assertThat(rows.get(1).getList().subList(0, 9)).containsExactly("65a1b2c3d4e5f60718293a42", "-1", "3.00", null,
        null, null, null, null, "{\"a\":1.10}");
  }

  private static List<JsonArray> trino(String sql) throws Exception {
    return TrinoStatements.rows(LocalStack.TRINO_CATALOG, sql);
  }
}
