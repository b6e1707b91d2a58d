package io.lakeport.source;

import io.lakeport.config.LakeportConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.column;
import static io.lakeport.source.SourceTesting.count;
import static io.lakeport.source.SourceTesting.lines;
import static io.lakeport.source.SourceTesting.readAll;
import static io.lakeport.source.SourceTesting.readUntilFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mysql source against the machine's MariaDB 10.11, in a scratch database of its own. */
@ExtendWith(VertxExtension.class)
class MysqlSourceIT {

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

  private static LakeportConfig config(int fetchSize, int chunkKib) {
    return SourceTesting.config("mytest", SourceTesting.sqlSource(db), fetchSize, chunkKib);
  }

  private static Source source(Vertx vertx, int fetchSize, int chunkKib) {
    return SourceTesting.source(vertx, config(fetchSize, chunkKib), "mytest");
  }

  private static TableSchema schema(Source source, String table) {
    return await(source.discover(List.of(table))).getFirst();
  }

  private static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }

  @Test
  void discoversTablesWithTypesKeysAndNameWarnings(Vertx vertx) {
    Source source = source(vertx, 100, 64);
    try {
      List<TableSchema> all = await(source.discover(List.of()));
      assertThat(all).extracting(TableSchema::table).containsExactly("awkward", "big", "second", "wm");
      TableSchema awkward = all.getFirst();
      assertThat(awkward.primaryKey()).containsExactly("id");
      Map<String, String> types = awkward.columns().stream()
          .collect(Collectors.toMap(Column::lakeName, c -> c.type().sql()));
      assertThat(types).containsEntry("flag", "boolean").containsEntry("tiny", "integer")
          .containsEntry("medium", "integer").containsEntry("uint", "bigint").containsEntry("big", "bigint")
          .containsEntry("ubig", "decimal(20,0)").containsEntry("amount", "decimal(12,4)")
          .containsEntry("huge", "decimal(38,30)").containsEntry("f", "double").containsEntry("d", "double")
          .containsEntry("body", "varchar").containsEntry("choice", "varchar").containsEntry("tags", "varchar")
          .containsEntry("bytes", "varbinary").containsEntry("blobby", "varbinary").containsEntry("day", "date")
          .containsEntry("local_ts", "timestamp").containsEntry("utc_ts", "timestamp")
          .containsEntry("clock", "varchar").containsEntry("yr", "integer").containsEntry("doc", "json")
          .containsEntry("bit1", "boolean").containsEntry("bits", "bigint").containsEntry("bit64", "decimal(20,0)")
          .containsEntry("place", "varchar").containsEntry("dot_name", "integer").containsEntry("dot_name_2", "integer");
      assertThat(awkward.column("doc").sourceType()).isEqualTo("json");
      assertThat(awkward.warnings())
          .anyMatch(w -> w.contains("'dot_name'") && w.contains("dot_name_2"))
          .anyMatch(w -> w.contains("'huge'") && w.contains("decimal(38,30)"))
          .anyMatch(w -> w.contains("'place'") && w.contains("WKT"));
      assertThat(await(source.discover(List.of("session_view")))).extracting(TableSchema::table)
          .containsExactly("session_view");
      assertThatThrownBy(() -> await(source.discover(List.of("nope"))))
          .hasMessageContaining("source 'mytest'").hasMessageContaining("'nope'");
    } finally {
      await(source.close());
    }
  }

  @Test
  void awkwardValuesRoundTripExactly(Vertx vertx) {
    Source source = source(vertx, 2, 4);
    try {
      TableSchema schema = schema(source, "awkward");
      TableReader reader = await(source.open(schema, null, null));
      List<Map<String, Object>> rows = lines(readAll(reader));
      assertThat(rows).hasSize(5);
      Map<String, Object> row = rows.getFirst();
      assertThat(row.keySet()).containsExactlyElementsOf(schema.columns().stream().map(Column::lakeName).toList());
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
      await(reader.close());
    } finally {
      await(source.close());
    }
  }

  @Test
  void zeroDatesAndOddBooleansGetTheDocumentedFormAndWarnings(Vertx vertx) {
    Source source = source(vertx, 100, 64);
    try {
      TableReader reader = await(source.open(schema(source, "awkward"), null, null));
      Map<Object, Map<String, Object>> byId = lines(readAll(reader)).stream()
          .collect(Collectors.toMap(r -> r.get("id"), r -> r));
      assertThat(byId.get(dec("3"))).containsEntry("flag", true).containsEntry("day", null)
          .containsEntry("local_ts", null).containsEntry("utc_ts", null);
      assertThat(byId.get(dec("4"))).containsEntry("flag", false).containsEntry("day", null)
          .containsEntry("local_ts", null);
      assertThat(byId.get(dec("5"))).containsEntry("huge", null);
      assertThat(reader.warnings())
          .anyMatch(w -> w.startsWith("awkward.day: MySQL zero date written as null") && w.contains("0000-00-00"))
          .anyMatch(w -> w.startsWith("awkward.local_ts: MySQL zero datetime written as null"))
          .anyMatch(w -> w.startsWith("awkward.utc_ts: MySQL zero datetime written as null"))
          .anyMatch(w -> w.startsWith("awkward.day: invalid date") && w.contains("2024-00-10"))
          .anyMatch(w -> w.startsWith("awkward.local_ts: invalid datetime") && w.contains("2024-02-00"))
          .anyMatch(w -> w.startsWith("awkward.flag: number other than 0/1 in a boolean column written as true")
              && w.contains("first: 5"))
          .anyMatch(w -> w.startsWith("awkward.huge: value with more integer digits than decimal(38,30)"));
      await(reader.close());
    } finally {
      await(source.close());
    }
  }

  @Test
  void readsInAUtcSession(Vertx vertx) {
    Source source = source(vertx, 100, 64);
    try {
      TableReader reader = await(source.open(schema(source, "session_view"), null, null));
      // The server's default zone is SYSTEM: only the reader's own SET makes this +00:00.
      assertThat(lines(readAll(reader))).containsExactly(Map.of("id", dec("1"), "zone", "+00:00"));
    } finally {
      await(source.close());
    }
  }

  @Test
  void everyRowOnceAndEveryLineJson(Vertx vertx) throws Exception {
    Source source = source(vertx, 500, 4);
    try {
      TableReader reader = await(source.open(schema(source, "big"), null, null));
      List<Buffer> chunks = readAll(reader);
      List<Map<String, Object>> rows = lines(chunks);
      assertThat((long) rows.size()).isEqualTo(count(db, "big")).isEqualTo(reader.rows());
      java.util.BitSet ids = new java.util.BitSet();
      rows.forEach(r -> ids.set(((BigDecimal) r.get("id")).intValueExact()));
      assertThat(ids.cardinality()).isEqualTo(50000);
      assertThat(ids.nextSetBit(0)).isEqualTo(1);
      assertThat(ids.length()).isEqualTo(50001);
      assertThat(reader.warnings()).isEmpty();
    } finally {
      await(source.close());
    }
  }

  @Test
  void withoutDemandNothingIsEmittedAndOnlyOneFetchIsRead(Vertx vertx) {
    int fetchSize = 100;
    Source source = source(vertx, fetchSize, 4);
    try {
      TableReader reader = await(source.open(schema(source, "big"), null, null));
      List<Buffer> received = Collections.synchronizedList(new ArrayList<>());
      reader.handler(received::add);
      await(vertx.timer(700));
      assertThat(received).isEmpty();
      assertThat(((ChunkedReader<?>) reader).received()).isZero();

      reader.fetch(1);
      while (received.isEmpty()) {
        await(vertx.timer(20));
      }
      await(vertx.timer(700));
      assertThat(received).hasSize(1);
      long rowsInChunk = received.getFirst().toString().split("\n").length;
      assertThat(reader.rows()).isEqualTo(rowsInChunk);
      // The cursor handed over exactly the rows of that chunk; the rest of the fetch waits in the client.
      assertThat(((ChunkedReader<?>) reader).received()).isEqualTo(rowsInChunk).isLessThan(fetchSize);
      await(reader.close());
    } finally {
      await(source.close());
    }
  }

  @Test
  void incrementalReadsOnlyRowsPastTheWatermarkInOrder(Vertx vertx) {
    Source source = source(vertx, 2, 4);
    try {
      TableSchema schema = schema(source, "wm");
      TableReader all = await(source.open(schema, "at", null));
      // MariaDB sorts NULL first.
      assertThat(lines(readAll(all))).extracting(r -> r.get("id"))
          .containsExactly(dec("5"), dec("1"), dec("2"), dec("3"), dec("4"));
      assertThat(all.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");

      TableReader after = await(source.open(schema, "at", "2024-01-01 00:00:00.000001"));
      assertThat(lines(readAll(after))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));

      TableReader none = await(source.open(schema, "at", all.maxWatermark()));
      assertThat(readAll(none)).isEmpty();
      assertThat(none.maxWatermark()).isNull();

      TableReader byAmount = await(source.open(schema, "amount", "10.500"));
      assertThat(lines(readAll(byAmount))).extracting(r -> r.get("id")).containsExactly(dec("2"), dec("3"), dec("4"));
      assertThat(byAmount.maxWatermark()).isEqualTo("100.000");

      TableReader byTimestamp = await(source.open(schema, "ts", "2024-01-01 00:00:00.000002"));
      assertThat(lines(readAll(byTimestamp))).extracting(r -> r.get("id")).containsExactly(dec("3"), dec("4"));
      assertThat(byTimestamp.maxWatermark()).isEqualTo("2024-01-01 00:00:00.999999");
    } finally {
      await(source.close());
    }
  }

  @Test
  void aKilledConnectionFailsTheStreamNamingTheTable(Vertx vertx) throws Exception {
    Source discovering = source(vertx, 100, 4);
    TableSchema schema = schema(discovering, "big");
    await(discovering.close());
    Source source = source(vertx, 100, 4);
    try {
      TableReader reader = await(source.open(schema, null, null));
      List<Buffer> received = Collections.synchronizedList(new ArrayList<>());
      reader.handler(received::add);
      reader.fetch(1);
      while (received.isEmpty()) {
        await(vertx.timer(20));
      }
      String others = "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + db.name()
          + "' AND ID <> CONNECTION_ID() AND COMMAND <> 'Killed'";
      List<Object> ids = column(db, others);
      while (ids.size() > 1) {
        // The discovering pool's connections may still be closing.
        await(vertx.timer(50));
        ids = column(db, others);
      }
      assertThat(ids).hasSize(1);
      db.execute("KILL " + ids.getFirst());
      Throwable failure = readUntilFailure(reader);
      assertThat(failure).isInstanceOf(SourceReadException.class)
          .hasMessageMatching("source 'mytest' table 'big': read failed: .*(?i)(kill|interrupt|closed|lost).*");
      assertThat(reader.rows()).isLessThan(50000);
      await(reader.close());
    } finally {
      await(source.close());
    }
  }
}
