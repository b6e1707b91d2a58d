package io.lakeport.source;

import io.lakeport.config.LakeportConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.SqlServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.column;
import static io.lakeport.source.SourceTesting.count;
import static io.lakeport.source.SourceTesting.lines;
import static io.lakeport.source.SourceTesting.rawLines;
import static io.lakeport.source.SourceTesting.readAll;
import static io.lakeport.source.SourceTesting.terminateTheBackendOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic jdbc source with the PostgreSQL and MariaDB drivers, against the machine's databases: it must
 * land a table exactly as the native source for the same database does, and pass the contract (on PostgreSQL).
 */
class JdbcSourceIT extends SourceContract {

  private static ScratchDatabase pg;
  private static ScratchDatabase maria;

  @BeforeAll
  static void createTables() throws Exception {
    pg = ScratchDatabase.create(LocalStack.POSTGRES, "source-jdbc");
    pg.execute(
        "CREATE TYPE mood AS ENUM ('ok', 'sad')",
        """
        CREATE TABLE same (
          id int PRIMARY KEY, small smallint, big bigint,
          amount numeric(12,4), free numeric, r real, d double precision, flag boolean,
          name text, code char(4), label varchar(20), uid uuid, bytes bytea,
          day date, local_ts timestamp(6), zoned_ts timestamptz, clock time, span interval,
          doc json, docb jsonb, ints int[], texts text[], amounts numeric(10,2)[], instants timestamptz[],
          locals timestamp[], days date[], feeling mood, feelings mood[], cash money, "Dot.Name" int, "dot.name" int)""",
        """
        INSERT INTO same VALUES (1, -32768, 9007199254740993, 12345678.1200, 1.50, 0.1, 1.0000000000000002, true,
          E'l\\u00ednea "quoted"\\n\\ttab', 'ab', 'x', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10',
          '2024-02-29', '2024-03-10 02:30:00.123456', '2024-06-01 23:59:59.999999+05:30', '10:00:00.5', '1 day 2 hours',
          '{"a": 1.10, "b": [1, 2.50], "big": 12345678901234567890123}',
          '{"a": 1.10, "b": [1, 2.50], "big": 12345678901234567890123}',
          '{1,NULL,3}', '{"a,b","c\\"d"}', '{1.50,2.25}',
          '{"2024-01-01 00:00:00.000001+00","2024-01-01 12:00:00+02"}', '{"2024-01-01 00:00:00.000001"}',
          '{2024-02-29}', 'sad', '{ok,sad}', 1234.56, 1, 2)""",
        "INSERT INTO same (id) VALUES (2)",
        """
        INSERT INTO same (id, free, d, r, day, local_ts, zoned_ts) VALUES
          (3, 'NaN', 'NaN', 'Infinity', 'infinity', '-infinity', 'infinity'),
          (4, 1.1234567891234, 'Infinity', '-Infinity', '-infinity', 'infinity', '-infinity')""",
        "CREATE TABLE big (id int PRIMARY KEY, payload text)",
        "INSERT INTO big SELECT g, repeat('x', 40) || g FROM generate_series(1, 20000) g",
        "CREATE SEQUENCE big_probe_seq",
        "CREATE VIEW big_probe AS SELECT b.id, b.payload, nextval('big_probe_seq') AS probe FROM big b",
        "CREATE TABLE wm (id int PRIMARY KEY, at timestamptz, amount numeric(12,3))",
        """
        INSERT INTO wm VALUES (1, '2024-01-01 00:00:00.000001+00', 10.500), (2, '2024-01-01 00:00:00.000002+00', 10.501),
          (3, '2024-01-01 02:00:00.000003+02', 99.999), (4, NULL, NULL)""");
    maria = ScratchDatabase.create(LocalStack.MARIADB, "source-jdbc");
    maria.execute(
        """
        CREATE TABLE same (
          id INT PRIMARY KEY, flag TINYINT(1), tiny TINYINT, uint INT UNSIGNED, big BIGINT, ubig BIGINT UNSIGNED,
          amount DECIMAL(12,4), huge DECIMAL(65,30), f FLOAT, d DOUBLE, name VARCHAR(100), code CHAR(4),
          choice ENUM('a','b'), tags SET('x','y'), bytes VARBINARY(16), day DATE, local_ts DATETIME(6),
          utc_ts TIMESTAMP(6) NULL DEFAULT NULL, clock TIME(6), yr YEAR, bit1 BIT(1), bits BIT(10))""",
        "SET time_zone = '+05:30'",
        """
        INSERT INTO same VALUES (1, 1, -128, 4294967295, -9223372036854775808, 18446744073709551615, 12345678.1200,
          12345678.123456789012345678901234567890, 0.1, 1.0000000000000002, 'l\u00ednea', 'ab', 'b', 'x,y', X'00FF10',
          '2024-02-29', '2024-03-10 02:30:00.123456', '2024-06-01 23:59:59.999999', '-838:59:59', 2024, b'1',
          b'1010101010')""",
        "INSERT INTO same (id) VALUES (2)",
        "SET sql_mode = ''",
        """
        INSERT INTO same (id, flag, day, local_ts, utc_ts) VALUES
          (3, 5, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
          (4, 0, '2024-00-10', '2024-02-00 10:00:00', NULL)""");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    CleanUp.all(pg == null ? null : pg::close, maria == null ? null : maria::close);
  }

  private static JsonObject jdbcEntry(ScratchDatabase db) {
    String url = db.jdbcUrl() + (db.server().kind() == SqlServer.Kind.POSTGRESQL ? "?ApplicationName=lakeport-jdbctest" : "");
    return new JsonObject().put("kind", "jdbc").put("url", url)
        .put("user", db.server().user()).put("password", db.server().password());
  }

  private static LakeportConfig jdbcConfig(ScratchDatabase db, int fetchSize, int chunkKib) {
    return SourceTesting.config("jdbctest", jdbcEntry(db), fetchSize, chunkKib);
  }

  /** The contract runs against the PostgreSQL database through its JDBC driver. */
  @Override
  protected Fixture fixture() {
    return new Fixture("jdbctest", jdbcEntry(pg), jdbcEntry(pg).put("user", "lakeport_nobody"),
        List.of("big", "same", "wm"), "same", 4, "big", "id", 20000, "wm", "at", "(?i)(i/o error|terminat|closed)");
  }

  /** As the native postgresql source maps them (landsAPostgresTableExactlyAsTheNativeSource compares all). */
  @Override
  protected Map<String, String> expectedTypes() {
    return pairs("id", "integer", "big", "bigint", "amount", "decimal(12,4)", "free", "decimal(38,9)", "d", "double",
        "flag", "boolean", "bytes", "varbinary", "zoned_ts", "timestamp", "doc", "json", "ints", "array(integer)",
        "cash", "decimal(38,2)");
  }

  @Override
  protected long countInDatabase(Vertx vertx, String table) throws Exception {
    return count(pg, table);
  }

  @Override
  protected void cutCursorConnection() throws Exception {
    terminateTheBackendOf(pg, "lakeport-jdbctest");
  }


  private static Source jdbcMaria(Vertx vertx) {
    return SourceTesting.source(vertx, jdbcConfig(maria, 2, 4), "jdbctest");
  }

  private static Source nativePostgres(Vertx vertx) {
    return SourceTesting.source(vertx, SourceTesting.config("jdbctest", SourceTesting.sqlSource(pg), 2, 4), "jdbctest");
  }

  private static Source nativeMaria(Vertx vertx) {
    return SourceTesting.source(vertx, SourceTesting.config("jdbctest", SourceTesting.sqlSource(maria), 2, 4), "jdbctest");
  }

  /** The schema without source types (driver type names differ from catalog names), then the lines. */
  private static void assertSameLanding(Source jdbc, Source nativeSource, String table) {
    TableSchema viaJdbc = await(jdbc.discover(List.of(table))).getFirst();
    TableSchema viaNative = await(nativeSource.discover(List.of(table))).getFirst();
    assertThat(viaJdbc.columns()).extracting(Column::name, Column::lakeName, c -> c.type().sql(), Column::nullable)
        .containsExactlyElementsOf(viaNative.columns().stream()
            .map(c -> org.assertj.core.groups.Tuple.tuple(c.name(), c.lakeName(), c.type().sql(), c.nullable())).toList());
    assertThat(viaJdbc.primaryKey()).isEqualTo(viaNative.primaryKey());

    TableReader jdbcReader = await(jdbc.open(viaJdbc, "id", null));
    TableReader nativeReader = await(nativeSource.open(viaNative, "id", null));
    List<String> jdbcLines = rawLines(readAll(jdbcReader));
    List<String> nativeLines = rawLines(readAll(nativeReader));
    assertThat(jdbcLines).hasSize(4).containsExactlyElementsOf(nativeLines);
    assertThat(kinds(jdbcReader.warnings())).isEqualTo(kinds(nativeReader.warnings()));
    assertThat(jdbcReader.maxWatermark()).isEqualTo(nativeReader.maxWatermark()).isEqualTo("4");
  }

  /** Warnings without their example values (the drivers print a zero datetime with or without fractions). */
  private static List<String> kinds(List<String> warnings) {
    return warnings.stream().map(w -> w.substring(0, w.indexOf(", first:"))).sorted().toList();
  }

  @Test
  void landsAPostgresTableExactlyAsTheNativeSource(Vertx vertx) {
    Source jdbc = source(vertx, 2, 4);
    Source nativeSource = nativePostgres(vertx);
    try {
      assertSameLanding(jdbc, nativeSource, "same");
      // And the values are the right ones, not merely the same.
      TableReader reader = await(jdbc.open(await(jdbc.discover(List.of("same"))).getFirst(), "id", null));
      Map<String, Object> first = lines(readAll(reader)).getFirst();
      assertThat(first).containsEntry("amount", dec("12345678.1200")).containsEntry("free", dec("1.50"))
          .containsEntry("zoned_ts", "2024-06-01 18:29:59.999999").containsEntry("cash", dec("1234.56"))
          .containsEntry("instants", List.of("2024-01-01 00:00:00.000001", "2024-01-01 10:00:00.000000"))
          .containsEntry("locals", List.of("2024-01-01 00:00:00.000001")).containsEntry("days", List.of("2024-02-29"))
          .containsEntry("feelings", List.of("ok", "sad")).containsEntry("code", "ab  ")
          .containsEntry("docb", Map.of("a", dec("1.10"), "b", List.of(dec("1"), dec("2.50")),
              "big", dec("12345678901234567890123")));
    } finally {
      await(jdbc.close());
      await(nativeSource.close());
    }
  }

  @Test
  void landsAMariaDbTableExactlyAsTheNativeSource(Vertx vertx) {
    Source jdbc = jdbcMaria(vertx);
    Source nativeSource = nativeMaria(vertx);
    try {
      assertSameLanding(jdbc, nativeSource, "same");
      TableReader reader = await(jdbc.open(await(jdbc.discover(List.of("same"))).getFirst(), "id", null));
      List<Map<String, Object>> rows = lines(readAll(reader));
      assertThat(rows.getFirst()).containsEntry("utc_ts", "2024-06-01 18:29:59.999999")
          .containsEntry("ubig", dec("18446744073709551615")).containsEntry("bits", dec("682"))
          .containsEntry("huge", dec("12345678.123456789012345678901234567890"));
      assertThat(rows.get(2)).containsEntry("flag", true).containsEntry("day", null).containsEntry("utc_ts", null);
      assertThat(reader.warnings())
          .anyMatch(w -> w.startsWith("same.day: MySQL zero date written as null"))
          .anyMatch(w -> w.startsWith("same.utc_ts: MySQL zero datetime written as null"))
          .anyMatch(w -> w.startsWith("same.day: invalid date"))
          .anyMatch(w -> w.startsWith("same.flag: number other than 0/1"));
    } finally {
      await(jdbc.close());
      await(nativeSource.close());
    }
  }

  /** The tables found and a missing one named are the contract's (fixture tables). */
  @Test
  void discoversAViewWhenAskedFor(Vertx vertx) {
    Source jdbc = source(vertx, 100, 64);
    try {
      assertThat(await(jdbc.discover(List.of("big_probe")))).extracting(TableSchema::table).containsExactly("big_probe");
    } finally {
      await(jdbc.close());
    }
  }

  @Test
  void everyRowOnceAndOnlyOneFetchWithoutDemand(Vertx vertx) throws Exception {
    int fetchSize = 100;
    Source jdbc = source(vertx, fetchSize, 4);
    try {
      ChunkedReader<?> reader = (ChunkedReader<?>) await(jdbc.open(schema(jdbc, "big_probe"), null, null));
      List<Buffer> received = attachWithoutCredits(reader);
      assertThat(probe()).isLessThanOrEqualTo(fetchSize);
      oneChunkForOneCredit(reader, received);
      assertThat(probe()).isLessThanOrEqualTo(3L * fetchSize);

      // The rest, on demand, to the last row.
      List<Buffer> rest = readAll(reader);
      assertThat(lines(received).size() + lines(rest).size()).isEqualTo(20000);
      assertThat(reader.rows()).isEqualTo(count(pg, "big"));
    } finally {
      await(jdbc.close());
    }
  }

  private static long probe() throws Exception {
    return ((Number) column(pg, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM big_probe_seq")
        .getFirst()).longValue();
  }

  @Test
  void incrementalBindsTheWatermarkWithTheColumnsType(Vertx vertx) {
    Source jdbc = source(vertx, 2, 4);
    try {
      TableSchema schema = await(jdbc.discover(List.of("wm"))).getFirst();
      TableReader all = await(jdbc.open(schema, "at", null));
      assertThat(lines(readAll(all))).extracting(r -> r.get("id")).containsExactly(dec("1"), dec("2"), dec("3"), dec("4"));
      assertThat(all.maxWatermark()).isEqualTo("2024-01-01 00:00:00.000003");
      TableReader after = await(jdbc.open(schema, "at", "2024-01-01 00:00:00.000001"));
      assertThat(lines(readAll(after))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"));
      TableReader byAmount = await(jdbc.open(schema, "amount", "10.5"));
      assertThat(lines(readAll(byAmount))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"));
      assertThat(byAmount.maxWatermark()).isEqualTo("99.999");
    } finally {
      await(jdbc.close());
    }
  }
}
