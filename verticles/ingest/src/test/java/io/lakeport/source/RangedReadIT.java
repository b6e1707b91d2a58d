package io.lakeport.source;

import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.SqlServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.lines;
import static io.lakeport.source.SourceTesting.rawLines;
import static io.lakeport.source.SourceTesting.readAll;
import static io.lakeport.source.SourceTesting.readUntilFailure;
import static io.lakeport.source.SourceTesting.using;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole table read by several cursors in parallel (the {@code ranges} of a source), against the machine's
 * PostgreSQL and MariaDB: every row exactly once whatever the gaps in the keys or the lack of a key, every
 * range reading the one snapshot the read started from, and a range's failure failing the read and ending
 * every range's transaction.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangedReadIT {

  /** Keys with gaps: multiples of 7, a dense cluster, and one key far above the rest. */
  private static final int GAPPED_ROWS = 20_000 + 501 + 1;
  private static final long FAR_KEY = 9_000_000_000L;
  private static final int NO_KEY_ROWS = 12_000;
  /** Keys 1..n: every range of it holds rows, so each needs its connection to the end. */
  private static final int DENSE_ROWS = 30_000;

  private final Map<SqlServer.Kind, ScratchDatabase> databases = new EnumMap<>(SqlServer.Kind.class);

  @BeforeAll
  void createTables() {
    ScratchDatabase pg = ScratchDatabase.create(LocalStack.POSTGRES, "ranges-pg");
    databases.put(SqlServer.Kind.POSTGRESQL, pg);
    pg.execute(
        "CREATE TABLE gapped (id bigint PRIMARY KEY, v varchar(40), amount numeric(10,2), at timestamp)",
        "INSERT INTO gapped SELECT g * 7, 'v' || g, g / 100.0, timestamp '2024-01-01' + g * interval '1 second'"
            + " FROM generate_series(1, 20000) g",
        "INSERT INTO gapped SELECT 1000000 + g, 'c' || g, g, timestamp '2025-01-01' FROM generate_series(0, 500) g",
        "INSERT INTO gapped VALUES (" + FAR_KEY + ", 'far', 1.00, timestamp '2026-01-01')",
        "CREATE TABLE dense (id int PRIMARY KEY, v text)",
        "INSERT INTO dense SELECT g, repeat('d', 60) FROM generate_series(1, " + DENSE_ROWS + ") g",
        "CREATE TABLE nokey (a int, b text)",
        "INSERT INTO nokey SELECT g % 6000, repeat('x', 30) || (g % 6000) FROM generate_series(1, " + NO_KEY_ROWS + ") g");
    ScratchDatabase maria = ScratchDatabase.create(LocalStack.MARIADB, "ranges-my");
    databases.put(SqlServer.Kind.MARIADB, maria);
    maria.execute(
        "CREATE TABLE gapped (id bigint PRIMARY KEY, v varchar(40), amount decimal(10,2), at datetime(6))",
        "INSERT INTO gapped SELECT seq * 7, CONCAT('v', seq), seq / 100.0, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND"
            + " FROM seq_1_to_20000",
        "INSERT INTO gapped SELECT 1000000 + seq, CONCAT('c', seq), seq, TIMESTAMP '2025-01-01 00:00:00' FROM seq_0_to_500",
        "INSERT INTO gapped VALUES (" + FAR_KEY + ", 'far', 1.00, TIMESTAMP '2026-01-01 00:00:00')",
        "CREATE TABLE dense (id int PRIMARY KEY, v text)",
        "INSERT INTO dense SELECT seq, REPEAT('d', 60) FROM seq_1_to_" + DENSE_ROWS,
        "CREATE TABLE nokey (a int, b text)",
        "INSERT INTO nokey SELECT seq % 6000, CONCAT(REPEAT('x', 30), seq % 6000) FROM seq_1_to_" + NO_KEY_ROWS);
  }

  @AfterAll
  void dropDatabases() {
    databases.values().forEach(ScratchDatabase::close);
  }

  private Source source(Vertx vertx, SqlServer.Kind kind, int ranges) {
    JsonObject entry = SourceTesting.sqlSource(databases.get(kind)).put("ranges", ranges);
    return SourceTesting.source(vertx, SourceTesting.config("ranged", entry, 200, 16), "ranged");
  }

  /** The lines of a whole-table read, sorted: the table's rows as a multiset. */
  private static List<String> sortedLines(TableReader reader) {
    return rawLines(readAll(reader)).stream().sorted().toList();
  }

  @ParameterizedTest
  @EnumSource(value = SqlServer.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void rangesTogetherReadEveryRowOnceWhateverTheGapsInTheKeys(SqlServer.Kind kind, Vertx vertx) throws Exception {
    List<String> byOneCursor = new ArrayList<>();
    using(source(vertx, kind, 1), source -> {
      TableReader reader = await(source.open(SourceContract.schema(source, "gapped"), null, null));
      assertThat(reader).isNotInstanceOf(RangedReader.class);
      byOneCursor.addAll(sortedLines(reader));
    });
    assertThat(byOneCursor).hasSize(GAPPED_ROWS);
    using(source(vertx, kind, 4), source -> {
      TableReader reader = await(source.open(SourceContract.schema(source, "gapped"), "id", null));
      assertThat(reader).isInstanceOf(RangedReader.class);
      assertThat(((RangedReader) reader).rangeCount()).isEqualTo(4);
      List<String> lines = sortedLines(reader);
      assertThat(lines).as("the same rows as one cursor reads, each once").containsExactlyElementsOf(byOneCursor);
      assertThat(reader.rows()).isEqualTo(GAPPED_ROWS);
      assertThat(reader.maxWatermark()).as("the largest key of all ranges").isEqualTo(Long.toString(FAR_KEY));
      assertThat(reader.warnings()).isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(value = SqlServer.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void aTableWithoutAKeyIsReadWhole(SqlServer.Kind kind, Vertx vertx) throws Exception {
    List<String> byOneCursor = new ArrayList<>();
    using(source(vertx, kind, 1), source -> byOneCursor.addAll(
        sortedLines(await(source.open(SourceContract.schema(source, "nokey"), null, null)))));
    assertThat(byOneCursor).hasSize(NO_KEY_ROWS);
    using(source(vertx, kind, 3), source -> {
      TableReader reader = await(source.open(SourceContract.schema(source, "nokey"), null, null));
      List<String> lines = sortedLines(reader);
      assertThat(lines).as("every row, duplicates included, once each").containsExactlyElementsOf(byOneCursor);
      if (kind == SqlServer.Kind.POSTGRESQL) {
        assertThat(reader).as("PostgreSQL splits by pages, key or no key").isInstanceOf(RangedReader.class);
        assertThat(((RangedReader) reader).rangeCount()).isEqualTo(3);
        assertThat(reader.warnings()).isEmpty();
      } else {
        assertThat(reader).as("MariaDB splits by key only").isNotInstanceOf(RangedReader.class);
        assertThat(reader.warnings()).singleElement().asString()
            .contains("nokey: read by one cursor").contains("primary key");
      }
    });
  }

  /**
   * Two rows are updated (and committed) after the first range opened and before the last one does: one in the
   * first range's part of the table, one in the last's. Every range must read them as they were when the read
   * started. The update runs on its own connection and is given a second to finish: MariaDB holds it back
   * until every range has its snapshot (the table's read lock), PostgreSQL lets it through and the ranges'
   * imported snapshot does not see it. Ranges that each took a snapshot of their own would read the new values.
   */
  @ParameterizedTest
  @EnumSource(value = SqlServer.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void everyRangeReadsTheSnapshotTheReadStartedFrom(SqlServer.Kind kind, Vertx vertx) throws Exception {
    ScratchDatabase db = databases.get(kind);
    long first = 7;
    String update = "UPDATE gapped SET v = 'changed', amount = amount + 1000 WHERE id IN (" + first + ", " + FAR_KEY + ")";
    String undo = "UPDATE gapped SET v = CASE WHEN id = " + first + " THEN 'v1' ELSE 'far' END, amount = amount - 1000"
        + " WHERE id IN (" + first + ", " + FAR_KEY + ")";
    CompletableFuture<Void> updated = new CompletableFuture<>();
    try {
      using(source(vertx, kind, 4), source -> {
        ((SqlSource) source).reads().rangeOpening((range, ranges) -> {
          if (range != ranges - 1) {
            return Future.succeededFuture();
          }
          CompletableFuture.runAsync(() -> execute(db, update)).whenComplete((v, e) -> {
            if (e == null) {
              updated.complete(null);
            } else {
              updated.completeExceptionally(e);
            }
          });
          Promise<Void> waited = Promise.promise();
          updated.whenComplete((v, e) -> waited.tryComplete());
          vertx.setTimer(1000, t -> waited.tryComplete());
          return waited.future();
        });
        TableReader reader = await(source.open(SourceContract.schema(source, "gapped"), null, null));
        assertThat(((RangedReader) reader).rangeCount()).isEqualTo(4);
        Map<String, List<Map<String, Object>>> byId = lines(readAll(reader)).stream()
            .collect(Collectors.groupingBy(row -> String.valueOf(row.get("id"))));
        assertThat(byId).hasSize(GAPPED_ROWS);
        assertThat(byId.values()).allSatisfy(rows -> assertThat(rows).hasSize(1));
        assertThat(byId.get(Long.toString(first)).getFirst()).containsEntry("v", "v1");
        assertThat(byId.get(Long.toString(FAR_KEY)).getFirst()).containsEntry("v", "far");
      });
      updated.get(1, TimeUnit.MINUTES);
      assertThat(SourceTesting.column(db, "SELECT v FROM gapped WHERE id = " + FAR_KEY))
          .as("the update did commit").containsExactly("changed");
    } finally {
      updated.get(1, TimeUnit.MINUTES);
      execute(db, undo);
    }
  }

  @ParameterizedTest
  @EnumSource(value = SqlServer.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void aRangeThatFailsFailsTheReadAndEndsEveryRangesTransaction(SqlServer.Kind kind, Vertx vertx) throws Exception {
    ScratchDatabase db = databases.get(kind);
    using(source(vertx, kind, 3), source -> {
      TableReader reader = await(source.open(SourceContract.schema(source, "dense"), null, null));
      assertThat(((RangedReader) reader).rangeCount()).isEqualTo(3);
      SourceTesting.awaitCondition("one open transaction per range", () -> readerSessions(db).size() == 3);
      assertThat(tableLockable(db)).as("the ranges' transactions hold the table").isFalse();
      kill(db, readerSessions(db).getFirst());
      Throwable failure = readUntilFailure(reader);
      assertThat(failure).isInstanceOf(SourceReadException.class);
      assertThat(failure.getMessage()).contains("table 'dense' (range ");
      SourceTesting.awaitCondition("every range's transaction to end, so nothing holds the table",
          () -> tableLockable(db));
    });
  }

  /** The sessions of the reader's ranges: in a transaction on the scratch database, other than the test's. */
  private static List<Object> readerSessions(ScratchDatabase db) throws Exception {
    if (db.server().kind() == SqlServer.Kind.POSTGRESQL) {
      return SourceTesting.column(db, "SELECT pid FROM pg_stat_activity WHERE datname = '" + db.name()
          + "' AND backend_xid IS NULL AND xact_start IS NOT NULL AND pid <> pg_backend_pid()");
    }
    return SourceTesting.column(db, "SELECT p.ID FROM information_schema.PROCESSLIST p JOIN information_schema.INNODB_TRX x"
        + " ON x.trx_mysql_thread_id = p.ID WHERE p.DB = DATABASE() AND p.ID <> CONNECTION_ID()");
  }

  /**
   * Whether a session may take the table for itself at once (PostgreSQL {@code LOCK TABLE ... NOWAIT}, MariaDB an
   * {@code ALTER TABLE} that waits at most a second for its metadata lock): not while a transaction that read
   * it, or prepared a statement over it, is open.
   */
  private static boolean tableLockable(ScratchDatabase db) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.server().user(), db.server().password());
         Statement s = c.createStatement()) {
      if (db.server().kind() == SqlServer.Kind.POSTGRESQL) {
        c.setAutoCommit(false);
        s.execute("LOCK TABLE dense IN ACCESS EXCLUSIVE MODE NOWAIT");
        c.rollback();
      } else {
        s.execute("SET SESSION lock_wait_timeout = 1");
        s.execute("ALTER TABLE dense COMMENT = 'lockable'");
      }
      return true;
    } catch (java.sql.SQLException held) {
      return false;
    }
  }

  private static void kill(ScratchDatabase db, Object session) {
    execute(db, db.server().kind() == SqlServer.Kind.POSTGRESQL ? "SELECT pg_terminate_backend(" + session + ")"
        : "KILL " + session);
  }

  private static void execute(ScratchDatabase db, String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.server().user(), db.server().password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
