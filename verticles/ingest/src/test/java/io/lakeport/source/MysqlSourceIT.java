package io.lakeport.source;

import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchDatabase;
import io.vertx.core.Vertx;
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
import static org.assertj.core.api.Assertions.assertThat;

/** The mysql source against the machine's MariaDB 10.11, in a scratch database of its own: the contract and its own rules. */
class MysqlSourceIT extends SourceContract {

  private static ScratchDatabase db;

  @BeforeAll
  static void createTables() throws Exception {
    db = ScratchDatabase.create(LocalStack.MARIADB, "source-my");
    db.execute(
        """
        CREATE TABLE awkward (
          id INT PRIMARY KEY,
          flag TINYINT(1), tiny TINYINT, small SMALLINT, medium MEDIUMINT, regular INT, uint INT UNSIGNED,
          big BIGINT, ubig BIGINT UNSIGNED, amount DECIMAL(12,4), huge DECIMAL(65,30), f FLOAT, d DOUBLE,
          name VARCHAR(100), body MEDIUMTEXT, code CHAR(4), choice ENUM('a','b'), tags SET('x','y'),
          bytes VARBINARY(16), blobby BLOB, day DATE, local_ts DATETIME(6), utc_ts TIMESTAMP(6) NULL DEFAULT NULL,
          clock TIME(6), yr YEAR, doc JSON, bit1 BIT(1), bits BIT(10), bit64 BIT(64), place POINT NULL,
          `Dot.Name` INT, `dot_name` INT)""",
        // Written from a session five and a half hours east of UTC: the lake must show UTC.
        "SET time_zone = '+05:30'",
        """
        INSERT INTO awkward VALUES (1, 1, -128, -32768, -8388608, -2147483648, 4294967295,
          -9223372036854775808, 18446744073709551615, 12345678.1200, 12345678.123456789012345678901234567890,
          0.1, 1.0000000000000002, 'l\u00ednea "q"\\n\\t', REPEAT('z', 3000), 'ab', 'b', 'x,y',
          X'00FF10', 'abc', '2024-02-29', '2024-03-10 02:30:00.123456', '2024-06-01 23:59:59.999999',
          '-838:59:59.000000', 2024, '{"a": 1.10, "b": [1, 2.50], "big": 12345678901234567890123}',
          b'1', b'1010101010', b'1111111111111111111111111111111111111111111111111111111111111111',
          ST_GeomFromText('POINT(1 2)'), 1, 2)""",
        "INSERT INTO awkward (id) VALUES (2)",
        "SET sql_mode = ''",
        """
        INSERT INTO awkward (id, flag, day, local_ts, utc_ts) VALUES
          (3, 5, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
          (4, 0, '2024-00-10', '2024-02-00 10:00:00', NULL)""",
        "INSERT INTO awkward (id, huge) VALUES (5, 123456789.5)",
        "CREATE TABLE second (a TEXT)",
        "CREATE FUNCTION session_zone() RETURNS VARCHAR(64) DETERMINISTIC RETURN @@session.time_zone",
        "CREATE VIEW session_view AS SELECT 1 AS id, session_zone() AS zone",
        "CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(100))",
        "SET SESSION max_recursive_iterations = 100000",
        """
        INSERT INTO big WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 50000)
          SELECT n, CONCAT(REPEAT('x', 40), n) FROM g""",
        "CREATE TABLE wm (id INT PRIMARY KEY, at DATETIME(6), amount DECIMAL(12,3), ts TIMESTAMP(6) NULL DEFAULT NULL)",
        "SET time_zone = '+00:00'",
        """
        INSERT INTO wm VALUES
          (1, '2024-01-01 00:00:00.000001', 10.500, '2024-01-01 00:00:00.000001'),
          (2, '2024-01-01 00:00:00.000002', 10.501, '2024-01-01 00:00:00.000002'),
          (3, '2024-01-01 00:00:00.000003', 99.999, '2024-01-01 00:00:00.000003'),
          (4, '2024-01-01 00:00:00.999999', 100.000, '2024-01-01 00:00:00.999999'),
          (5, NULL, NULL, NULL)""");
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected Fixture fixture() {
    // MariaDB refuses a user it does not know.
    return new Fixture("mytest", SourceTesting.sqlSource(db),
        SourceTesting.sqlSource(db).put("user", "lakeport_nobody").put("password", "wrong"),
        List.of("awkward", "big", "second", "wm"), "awkward", 5, "big", "id", 50000, "wm", "at",
        "(?i)(kill|interrupt|closed|lost)");
  }

  @Override
  protected Map<String, String> expectedTypes() {
    return pairs("flag", "boolean", "tiny", "integer", "medium", "integer", "uint", "bigint", "big", "bigint",
        "ubig", "decimal(20,0)", "amount", "decimal(12,4)", "huge", "decimal(38,30)", "f", "double", "d", "double",
        "body", "varchar", "choice", "varchar", "tags", "varchar", "bytes", "varbinary", "blobby", "varbinary",
        "day", "date", "local_ts", "timestamp", "utc_ts", "timestamp", "clock", "varchar", "yr", "integer",
        "doc", "json", "bit1", "boolean", "bits", "bigint", "bit64", "decimal(20,0)", "place", "varchar",
        "dot_name", "integer", "dot_name_2", "integer");
  }

  @Override
  protected long countInDatabase(Vertx vertx, String table) throws Exception {
    return count(db, table);
  }

  /** Kills the one session of the database other than the test's own (and ones already killed). */
  @Override
  protected void cutCursorConnection() throws Exception {
    String others = "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + db.name()
        + "' AND ID <> CONNECTION_ID() AND COMMAND <> 'Killed'";
    // The discovering pool's connections may still be closing.
    awaitCondition("one session left besides the test's own", () -> column(db, others).size() <= 1);
    List<Object> ids = column(db, others);
    assertThat(ids).hasSize(1);
    db.execute("KILL " + ids.getFirst());
  }

  @Test
  void estimatesRowsFromInformationSchemaTableRows(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      db.execute("ANALYZE TABLE big");
      // InnoDB samples pages: an estimate near the 50,000 rows, not a count.
      assertThat(await(source.estimateRows(schema(source, "big")))).isBetween(25_000L, 100_000L);
    });
  }

  @Test
  void discoversTablesWithTypesKeysAndNameWarnings(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      // The types and the tables found are the contract's (expectedTables, expectedTypes).
      TableSchema awkward = schema(source, "awkward");
      assertThat(awkward.primaryKey()).containsExactly("id");
      assertThat(awkward.column("doc").sourceType()).isEqualTo("json");
      assertThat(awkward.warnings())
          .anyMatch(w -> w.contains("'dot_name'") && w.contains("dot_name_2"))
          .anyMatch(w -> w.contains("'huge'") && w.contains("decimal(38,30)"))
          .anyMatch(w -> w.contains("'place'") && w.contains("WKT"));
      assertThat(await(source.discover(List.of("session_view")))).extracting(TableSchema::table)
          .containsExactly("session_view");
    });
  }

  @Test
  void awkwardValuesRoundTripExactly(Vertx vertx) {
    // Five rows, each with every column of the schema in order: readTypedTable asserts it.
    List<Map<String, Object>> rows = readTypedTable(vertx, 2, 4).rows();
    Map<String, Object> row = rows.getFirst();
    assertThat(row).containsEntry("id", dec("1")).containsEntry("flag", true)
        .containsEntry("tiny", dec("-128")).containsEntry("small", dec("-32768"))
        .containsEntry("medium", dec("-8388608")).containsEntry("regular", dec("-2147483648"))
        .containsEntry("uint", dec("4294967295")).containsEntry("big", dec("-9223372036854775808"))
        .containsEntry("ubig", dec("18446744073709551615")).containsEntry("amount", dec("12345678.1200"))
        .containsEntry("huge", dec("12345678.123456789012345678901234567890"))
        .containsEntry("f", dec("0.1")).containsEntry("d", dec("1.0000000000000002"))
        .containsEntry("name", "l\u00ednea \"q\"\n\t").containsEntry("body", "z".repeat(3000))
        .containsEntry("code", "ab").containsEntry("choice", "b").containsEntry("tags", "x,y")
        .containsEntry("day", "2024-02-29").containsEntry("local_ts", "2024-03-10 02:30:00.123456")
        .containsEntry("utc_ts", "2024-06-01 18:29:59.999999").containsEntry("clock", "-838:59:59.000000")
        .containsEntry("yr", dec("2024")).containsEntry("bit1", true).containsEntry("bits", dec("682"))
        .containsEntry("bit64", dec("18446744073709551615")).containsEntry("place", "POINT(1 2)")
        .containsEntry("dot_name", dec("1")).containsEntry("dot_name_2", dec("2"));
    assertThat(Base64.getDecoder().decode((String) row.get("bytes"))).containsExactly(0x00, 0xff, 0x10);
    assertThat(Base64.getDecoder().decode((String) row.get("blobby"))).containsExactly('a', 'b', 'c');
    assertThat(row.get("doc")).isEqualTo(Map.of("a", dec("1.10"), "b", List.of(dec("1"), dec("2.50")),
        "big", dec("12345678901234567890123")));
    assertThat(rows.get(1).entrySet()).allMatch(e -> e.getKey().equals("id") || e.getValue() == null);
  }

  @Test
  void zeroDatesAndOddBooleansGetTheDocumentedFormAndWarnings(Vertx vertx) {
    TypedRead read = readTypedTable(vertx, 100, 64);
    Map<Object, Map<String, Object>> byId = read.byKey("id");
    assertThat(byId.get(dec("3"))).containsEntry("flag", true).containsEntry("day", null)
        .containsEntry("local_ts", null).containsEntry("utc_ts", null);
    assertThat(byId.get(dec("4"))).containsEntry("flag", false).containsEntry("day", null)
        .containsEntry("local_ts", null);
    assertThat(byId.get(dec("5"))).containsEntry("huge", null);
    assertThat(read.warnings())
        .anyMatch(w -> w.startsWith("awkward.day: MySQL zero date written as null") && w.contains("0000-00-00"))
        .anyMatch(w -> w.startsWith("awkward.local_ts: MySQL zero datetime written as null"))
        .anyMatch(w -> w.startsWith("awkward.utc_ts: MySQL zero datetime written as null"))
        .anyMatch(w -> w.startsWith("awkward.day: invalid date") && w.contains("2024-00-10"))
        .anyMatch(w -> w.startsWith("awkward.local_ts: invalid datetime") && w.contains("2024-02-00"))
        .anyMatch(w -> w.startsWith("awkward.flag: number other than 0/1 in a boolean column written as true")
            && w.contains("first: 5"))
        .anyMatch(w -> w.startsWith("awkward.huge: value with more integer digits than decimal(38,30)"));
  }

  @Test
  void readsInAUtcSession(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      TableReader reader = await(source.open(schema(source, "session_view"), null, null));
      // The server's default zone is SYSTEM: only the reader's own SET makes this +00:00.
      assertThat(lines(readAll(reader))).containsExactly(Map.of("id", dec("1"), "zone", "+00:00"));
    });
  }

  @Test
  void incrementalReadsOnlyRowsPastTheWatermarkInOrder(Vertx vertx) throws Exception {
    using(source(vertx, 2, 4), source -> {
      TableSchema schema = schema(source, "wm");
      TableReader all = await(source.open(schema, "at", null));
      // MariaDB sorts NULL first.
      assertThat(lines(readAll(all))).extracting(r -> r.get("id"))
          .containsExactly(dec("5"), dec("1"), dec("2"), dec("3"), dec("4"));
      assertThat(all.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");

      TableReader after = await(source.open(schema, "at", "2024-01-01 00:00:00.000001"));
      assertThat(lines(readAll(after))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));

      TableReader byAmount = await(source.open(schema, "amount", "10.500"));
      assertThat(lines(readAll(byAmount))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));
      assertThat(byAmount.maxWatermark()).isEqualTo("100.000");

      TableReader byTimestamp = await(source.open(schema, "ts", "2024-01-01 00:00:00.000002"));
      assertThat(lines(readAll(byTimestamp))).extracting(r -> r.get("id")).containsExactly(dec("3"), dec("4"));
      assertThat(byTimestamp.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");
    });
  }
}
