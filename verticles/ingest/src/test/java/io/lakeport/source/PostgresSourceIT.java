package io.lakeport.source;

import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.using;
import static io.lakeport.source.SourceTesting.awaitCondition;
import static io.lakeport.source.SourceTesting.column;
import static io.lakeport.source.SourceTesting.count;
import static io.lakeport.source.SourceTesting.lines;
import static io.lakeport.source.SourceTesting.readAll;
import static io.lakeport.source.SourceTesting.terminateTheBackendOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The postgresql source against the machine's PostgreSQL, in a scratch database of its own: the contract and its own rules. */
class PostgresSourceIT extends SourceContract {

  private static ScratchDatabase db;

  @BeforeAll
  static void createTables() throws Exception {
    db = ScratchDatabase.create(LocalStack.POSTGRES, "source-pg");
    db.execute(
        "CREATE TYPE mood AS ENUM ('ok', 'sad')",
        "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
        "CREATE DOMAIN stamp AS timestamptz",
        """
        CREATE TABLE awkward (
          id int PRIMARY KEY, small smallint, big bigint,
          amount numeric(12,4), free numeric, wide numeric(50,10),
          r real, d double precision, flag boolean,
          name text, code char(4), label varchar(20), uid uuid, bytes bytea,
          day date, local_ts timestamp(6), zoned_ts timestamptz, clock time, span interval,
          doc json, docb jsonb, ints int[], texts text[], amounts numeric(10,2)[], instants timestamptz[],
          feeling mood, cash money,
          "Dot.Name" int, "dot.name" int, "Nombre" text, "nombre" text, pos posint, stamped stamp)""",
        """
        INSERT INTO awkward VALUES (1, -32768, 9007199254740993,
          12345678.1200, 1.50, 1234567890123456789012345678.0123456789,
          0.1, 1.0000000000000002, true,
          E'l\\u00ednea "quoted"\\n\\ttab', 'ab', 'x', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10',
          '2024-02-29', '2024-03-10 02:30:00.123456', '2024-06-01 23:59:59.999999+05:30', '10:00:00.5', '1 day 2 hours',
          '{"a": 1.10, "b": [1, 2.50], "big": 12345678901234567890123}',
          '{"a": 1.10, "b": [1, 2.50], "big": 12345678901234567890123}',
          '{1,NULL,3}', '{"a,b","c\\"d"}', '{1.50,2.25}',
          '{"2024-01-01 00:00:00.000001+00","2024-01-01 12:00:00+02"}',
          'sad', 1234.56, 1, 2, 'A', 'b', 7, '2024-01-01 10:00:00+02')""",
        "INSERT INTO awkward (id) VALUES (2)",
        """
        INSERT INTO awkward (id, free, d, r, day, local_ts, zoned_ts, ints) VALUES
          (3, 'NaN', 'NaN', 'Infinity', 'infinity', '-infinity', 'infinity', '{{1,2},{3,4}}'),
          (4, 1.1234567891234, 'Infinity', '-Infinity', '-infinity', 'infinity', '-infinity', '{}'),
          (5, 123456789012345678901234567890.5, '-Infinity', 'NaN', NULL, NULL, NULL, NULL)""",
        "CREATE TABLE second (a text, b int)",
        "CREATE VIEW v_awkward AS SELECT id, name FROM awkward",
        "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at)",
        "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "INSERT INTO events VALUES (1, '2024-05-05'), (2, '2024-06-06')",
        "CREATE TABLE big (id int PRIMARY KEY, payload text)",
        "INSERT INTO big SELECT g, repeat('x', 40) || g FROM generate_series(1, 50000) g",
        "CREATE SEQUENCE big_probe_seq",
        "CREATE VIEW big_probe AS SELECT b.id, b.payload, nextval('big_probe_seq') AS probe FROM big b",
        """
        CREATE TABLE wm (id int PRIMARY KEY, at timestamptz, amount numeric(12,3), at_local timestamp, code char(3))""",
        """
        INSERT INTO wm VALUES
          (1, '2024-01-01 00:00:00.000001+00', 10.500, '2024-01-01 00:00:00.000001', 'ab'),
          (2, '2024-01-01 00:00:00.000002+00', 10.501, '2024-01-01 00:00:00.000002', 'abc'),
          (3, '2024-01-01 02:00:00.000003+02', 99.999, '2024-01-01 00:00:00.000003', 'b'),
          (4, '2024-01-01 00:00:00.999999+00', 100.000, '2024-01-01 00:00:00.999999', 'ba'),
          (5, NULL, NULL, NULL, NULL)""");
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected Fixture fixture() {
    // The machine's PostgreSQL trusts local users, but refuses a role that does not exist. Views and
    // partitions are not copied unless asked for; the partitioned parent is.
    return new Fixture("pgtest", SourceTesting.sqlSource(db), SourceTesting.sqlSource(db).put("user", "lakeport_nobody"),
        List.of("awkward", "big", "events", "second", "wm"), "awkward", 5, "big", "id", 50000, "wm", "at",
        "(terminat|closed)");
  }

  @Override
  protected Map<String, String> expectedTypes() {
    return pairs("small", "integer", "big", "bigint", "amount", "decimal(12,4)", "free", "decimal(38,9)",
        "wide", "decimal(38,10)", "r", "double", "d", "double", "flag", "boolean", "name", "varchar", "uid", "varchar",
        "bytes", "varbinary", "day", "date", "local_ts", "timestamp", "zoned_ts", "timestamp", "clock", "varchar",
        "span", "varchar", "doc", "json", "docb", "json", "ints", "array(integer)", "texts", "array(varchar)",
        "amounts", "array(decimal(10,2))", "instants", "array(timestamp)", "feeling", "varchar",
        "cash", "decimal(38,2)", "pos", "integer", "stamped", "timestamp");
  }

  @Override
  protected long countInDatabase(Vertx vertx, String table) throws Exception {
    return count(db, table);
  }

  @Override
  protected void cutCursorConnection() throws Exception {
    terminateTheBackendOf(db, "lakeport-pgtest");
  }


  @Test
  void discoversBaseTablesWithTypesKeysAndNameWarnings(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      // The types and the tables found are the contract's (expectedTables, expectedTypes).
      TableSchema awkward = schema(source, "awkward");
      assertThat(awkward.primaryKey()).containsExactly("id");
      assertThat(awkward.columns()).extracting(Column::name, Column::lakeName).contains(
          org.assertj.core.groups.Tuple.tuple("Dot.Name", "dot_name"),
          org.assertj.core.groups.Tuple.tuple("dot.name", "dot_name_2"),
          org.assertj.core.groups.Tuple.tuple("Nombre", "nombre"),
          org.assertj.core.groups.Tuple.tuple("nombre", "nombre_2"));
      assertThat(awkward.column("amounts").sourceType()).isEqualTo("numeric(10,2)[]");
      assertThat(awkward.warnings())
          .anyMatch(w -> w.contains("'dot.name'") && w.contains("dot_name_2"))
          .anyMatch(w -> w.contains("'nombre'") && w.contains("nombre_2"))
          .anyMatch(w -> w.contains("'free'") && w.contains("decimal(38,9)"))
          .anyMatch(w -> w.contains("'wide'") && w.contains("decimal(38,10)"))
          .anyMatch(w -> w.contains("'cash'") && w.contains("money"));

      assertThat(await(source.discover(List.of("v_awkward", "second"))))
          .extracting(TableSchema::table).containsExactly("v_awkward", "second");
    });
  }

  @Test
  void estimatesRowsFromReltuplesOnceAnalysed(Vertx vertx) {
    Source source = source(vertx, 100, 64);
    try {
      db.execute("CREATE TABLE never_analysed (id int)", "ANALYZE big");
      assertThat(await(source.estimateRows(schema(source, "big")))).isEqualTo(50_000L);
      // A table the statistics have never seen: unknown, not zero.
      assertThat(await(source.estimateRows(schema(source, "never_analysed")))).isEqualTo(Source.UNKNOWN_ROWS);
    } finally {
      db.execute("DROP TABLE never_analysed");
      await(source.close());
    }
  }

  @Test
  void awkwardValuesRoundTripExactly(Vertx vertx) {
    // Five rows, each with every column of the schema in order: readTypedTable asserts it.
    Map<Object, Map<String, Object>> byId = readTypedTable(vertx, 2, 4).byKey("id");
    Map<String, Object> row = byId.get(dec("1"));
    assertThat(row.get("small")).isEqualTo(dec("-32768"));
    assertThat(row.get("big")).isEqualTo(dec("9007199254740993"));
    assertThat(row.get("amount")).isEqualTo(dec("12345678.1200"));
    assertThat(row.get("free")).isEqualTo(dec("1.50"));
    assertThat(row.get("wide")).isEqualTo(dec("1234567890123456789012345678.0123456789"));
    assertThat(row.get("r")).isEqualTo(dec("0.1"));
    assertThat(row.get("d")).isEqualTo(dec("1.0000000000000002"));
    assertThat(row.get("flag")).isEqualTo(true);
    assertThat(row.get("name")).isEqualTo("l\u00ednea \"quoted\"\n\ttab");
    assertThat(row.get("code")).isEqualTo("ab  ");
    assertThat(row.get("uid")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat(Base64.getDecoder().decode((String) row.get("bytes"))).containsExactly(0x00, 0xff, 0x10);
    assertThat(row.get("day")).isEqualTo("2024-02-29");
    assertThat(row.get("local_ts")).isEqualTo("2024-03-10 02:30:00.123456");
    assertThat(row.get("zoned_ts")).isEqualTo("2024-06-01 18:29:59.999999");
    assertThat(row.get("clock")).isEqualTo("10:00:00.5");
    assertThat(row.get("span")).isEqualTo("1 day 02:00:00");
    Map<String, Object> doc = Map.of("a", dec("1.10"), "b", List.of(dec("1"), dec("2.50")),
        "big", dec("12345678901234567890123"));
    assertThat(row.get("doc")).isEqualTo(doc);
    assertThat(row.get("docb")).isEqualTo(doc);
    assertThat(row.get("ints")).isEqualTo(java.util.Arrays.asList(dec("1"), null, dec("3")));
    assertThat(row.get("texts")).isEqualTo(List.of("a,b", "c\"d"));
    assertThat(row.get("amounts")).isEqualTo(List.of(dec("1.50"), dec("2.25")));
    assertThat(row.get("instants")).isEqualTo(List.of("2024-01-01 00:00:00.000001", "2024-01-01 10:00:00.000000"));
    assertThat(row.get("feeling")).isEqualTo("sad");
    assertThat(row.get("cash")).isEqualTo(dec("1234.56"));
    assertThat(row).containsEntry("dot_name", dec("1")).containsEntry("dot_name_2", dec("2"))
        .containsEntry("nombre", "A").containsEntry("nombre_2", "b").containsEntry("pos", dec("7"))
        .containsEntry("stamped", "2024-01-01 08:00:00.000000");

    Map<String, Object> empty = byId.get(dec("2"));
    assertThat(empty.entrySet()).allMatch(e -> e.getKey().equals("id") || e.getValue() == null);
  }

  @Test
  void specialValuesGetTheDocumentedFormAndWarnings(Vertx vertx) {
    TypedRead read = readTypedTable(vertx, 100, 64);
    Map<Object, Map<String, Object>> byId = read.byKey("id");
    Map<String, Object> three = byId.get(dec("3"));
    Map<String, Object> four = byId.get(dec("4"));
    Map<String, Object> five = byId.get(dec("5"));
    assertThat(three.get("free")).isNull();
    assertThat(three.get("d")).isEqualTo("NaN");
    assertThat(three.get("r")).isEqualTo("Infinity");
    assertThat(four.get("d")).isEqualTo("Infinity");
    assertThat(four.get("r")).isEqualTo("-Infinity");
    assertThat(five.get("d")).isEqualTo("-Infinity");
    assertThat(five.get("r")).isEqualTo("NaN");
    assertThat(three.get("day")).isNull();
    assertThat(three.get("local_ts")).isNull();
    assertThat(three.get("zoned_ts")).isNull();
    assertThat(four.get("day")).isNull();
    assertThat(four.get("local_ts")).isNull();
    assertThat(four.get("zoned_ts")).isNull();
    assertThat(three.get("ints")).isNull();
    assertThat(four.get("ints")).isEqualTo(List.of());
    assertThat(four.get("free")).isEqualTo(dec("1.123456789"));
    assertThat(five.get("free")).isNull();
    List<String> warnings = read.warnings();
    assertThat(warnings)
        .anyMatch(w -> w.startsWith("awkward.free: numeric NaN written as null"))
        .anyMatch(w -> w.startsWith("awkward.d: double NaN written as the string \"NaN\""))
        .anyMatch(w -> w.startsWith("awkward.d: double Infinity written as the string \"Infinity\""))
        .anyMatch(w -> w.startsWith("awkward.d: double -Infinity written as the string \"-Infinity\""))
        .anyMatch(w -> w.startsWith("awkward.r: double NaN"))
        .anyMatch(w -> w.startsWith("awkward.day: date 'infinity' written as null"))
        .anyMatch(w -> w.startsWith("awkward.day: date '-infinity' written as null"))
        .anyMatch(w -> w.startsWith("awkward.local_ts: timestamp '-infinity' written as null"))
        .anyMatch(w -> w.startsWith("awkward.zoned_ts: timestamp 'infinity' written as null"))
        .anyMatch(w -> w.startsWith("awkward.ints: array of 2 dimensions written as null"))
        .anyMatch(w -> w.startsWith("awkward.free: value with more than 9 fraction digits rounded")
            && w.contains("1.1234567891234"))
        .anyMatch(w -> w.startsWith("awkward.free: value with more integer digits than decimal(38,9)")
            && w.contains("123456789012345678901234567890.5"));
  }

  @Test
  void readsAPartitionedTableThroughItsParent(Vertx vertx) throws Exception {
    using(source(vertx, 500, 4), source -> {
      TableReader partitioned = await(source.open(schema(source, "events"), null, null));
      assertThat(lines(readAll(partitioned))).hasSize(2);
    });
  }

  @Test
  void withoutDemandNothingIsEmittedAndTheCursorStaysAtOneFetch(Vertx vertx) throws Exception {
    int fetchSize = 100;
    using(source(vertx, fetchSize, 4), source -> {
      ChunkedReader<?> reader = (ChunkedReader<?>) await(source.open(schema(source, "big_probe"), null, null));
      List<Buffer> received = attachWithoutCredits(reader);
      // big_probe calls nextval() for each row PostgreSQL produces: the portal has produced one fetch at most.
      long produced = probe();
      assertThat(produced).isLessThanOrEqualTo(fetchSize);

      long rowsInChunk = oneChunkForOneCredit(reader, received);
      assertThat(probe()).isLessThanOrEqualTo(rowsInChunk + 2L * fetchSize).isLessThan(50000);
      assertThat(sessionStates()).containsExactly("idle in transaction");

      // Closing mid-table ends the cursor and its transaction; closing the source ends the connection.
      await(reader.close());
      assertThat(sessionStates()).containsExactly("idle");
      await(source.close());
      awaitCondition("the source's sessions gone", () -> sessionStates().isEmpty());
    });
  }

  /** The states of the test source's sessions, seen from another connection. */
  private static List<String> sessionStates() throws Exception {
    return column(db, "SELECT state FROM pg_stat_activity WHERE datname = '" + db.name()
        + "' AND application_name = 'lakeport-pgtest' AND pid <> pg_backend_pid()").stream()
        .map(String::valueOf).toList();
  }

  private static long probe() throws Exception {
    List<Object> v = column(db, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM big_probe_seq");
    return ((Number) v.getFirst()).longValue();
  }

  @Test
  void incrementalReadsOnlyRowsPastTheWatermarkInOrder(Vertx vertx) throws Exception {
    using(source(vertx, 2, 4), source -> {
      TableSchema schema = schema(source, "wm");
      TableReader all = await(source.open(schema, "at", null));
      List<Map<String, Object>> rows = lines(readAll(all));
      assertThat(rows).extracting(r -> r.get("id")).containsExactly(dec("1"), dec("2"), dec("3"), dec("4"), dec("5"));
      assertThat(all.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");

      TableReader after = await(source.open(schema, "at", "2024-01-01 00:00:00.000001"));
      assertThat(lines(readAll(after))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));
      assertThat(after.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");

      TableReader byAmount = await(source.open(schema, "amount", "10.500"));
      assertThat(lines(readAll(byAmount))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));
      assertThat(byAmount.maxWatermark()).isEqualTo("100.000");

      TableReader byLocal = await(source.open(schema, "at_local", "2024-01-01 00:00:00.000002"));
      assertThat(lines(readAll(byLocal))).extracting(r -> r.get("id")).containsExactly(dec("3"), dec("4"));
      assertThat(byLocal.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");

      // character(3) keeps its length in the parameter's cast: 'abc' is past 'ab ', and 'b  ' past 'abc'.
      TableReader byCode = await(source.open(schema, "code", "ab "));
      assertThat(lines(readAll(byCode))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));
      assertThat(byCode.maxWatermark()).isEqualTo("ba ");
    });
  }
}
