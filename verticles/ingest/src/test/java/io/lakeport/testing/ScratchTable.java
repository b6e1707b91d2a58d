package io.lakeport.testing;

import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.SqlServer;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of generated rows (id, a, amount numeric(12,2), name, created, note) in a testkit
 * {@link ScratchDatabase} on the machine's PostgreSQL or MariaDB, for ingest tests that add rows and kill
 * the ingest's database sessions. Dropped with its database by {@link #close()}.
 */
public final class ScratchTable implements AutoCloseable {

  public final String table = "scratch";
  private final ScratchDatabase database;
  private final SqlServer server;

  private ScratchTable(ScratchDatabase database) {
    this.database = database;
    this.server = database.server();
  }

  public static ScratchTable postgres() {
    ScratchTable t = new ScratchTable(ScratchDatabase.create(LocalStack.POSTGRES, "ingest"));
    t.database.execute("CREATE TABLE scratch (id bigint PRIMARY KEY, a int, amount numeric(12,2), name varchar(64), "
        + "created timestamp, note text)");
    return t;
  }

  public static ScratchTable mariadb() {
    ScratchTable t = new ScratchTable(ScratchDatabase.create(LocalStack.MARIADB, "ingest"));
    t.database.execute("CREATE TABLE scratch (id bigint PRIMARY KEY, a int, amount decimal(12,2), name varchar(64), "
        + "created datetime, note text)");
    return t;
  }

  /** The source section of a profile for this database: a JSON Lines source (put format iceberg for the other). */
  /** How many ranges a whole-table read of the scratch table is split into. */
  public static final int RANGES = 3;

  public JsonObject sourceConfig(String bucket) {
    boolean pg = server.kind() == SqlServer.Kind.POSTGRESQL;
    return new JsonObject().put("kind", pg ? "postgresql" : "mysql").put("host", server.host())
        .put("port", server.port()).put("database", database.name()).put("user", server.user())
        .put("password", server.password() == null ? "" : server.password()).put("bucket", bucket)
        .put("format", "jsonl").put("watermarks", new JsonObject().put("scratch", "id"))
        // Whole-table reads in parallel ranges under one snapshot, so every ingest test of this table runs them.
        .put("ranges", RANGES);
  }

  /** Adds rows with ids {@code from..to}. */
  public void insert(long from, long to) {
    insert(from, to, 50);
  }

  /** Adds rows with ids {@code from..to} whose {@code note} is {@code noteLength} characters long. */
  public void insert(long from, long to, int noteLength) {
    boolean pg = server.kind() == SqlServer.Kind.POSTGRESQL;
    insertWithNotes(from, to, pg ? "repeat('x', " + noteLength + ")" : "REPEAT('x', " + noteLength + ")");
  }

  /**
   * Adds rows with ids {@code from..to} whose {@code note} is {@code hexChars} (a multiple of 32) random hex
   * digits: Parquet neither dictionary-encodes nor compresses them much, so the lake file is as large as the
   * rows.
   */
  public void insertIncompressible(long from, long to, int hexChars) {
    boolean pg = server.kind() == SqlServer.Kind.POSTGRESQL;
    String digits = String.join(", ", java.util.Collections.nCopies(hexChars / 32, pg ? "md5(random()::text)" : "MD5(RAND())"));
    insertWithNotes(from, to, "CONCAT(" + digits + ")");
  }

  /** Adds rows with ids {@code from..to}, the {@code note} of each being the SQL expression {@code note}. */
  private void insertWithNotes(long from, long to, String note) {
    database.execute(server.kind() == SqlServer.Kind.POSTGRESQL
        ? "INSERT INTO scratch SELECT g, g % 1000, (g * 1.01)::numeric(12,2), 'name-' || g, "
            + "timestamp '2024-01-01' + g * interval '1 second', " + note + " FROM generate_series("
            + from + ", " + to + ") g"
        : "INSERT INTO scratch SELECT seq, seq % 1000, seq * 1.01, CONCAT('name-', seq), "
            + "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, " + note + " FROM mysql.seq_"
            + from + "_to_" + to);
  }

  public long count() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT COUNT(*) FROM scratch")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** id:amount (exact text) of every row, ordered by id. */
  public List<String> idsAndAmounts() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT id, amount FROM scratch ORDER BY id")) {
      while (r.next()) {
        rows.add(r.getLong(1) + ":" + r.getBigDecimal(2).toPlainString());
      }
    }
    return rows;
  }

  /** Ends every other session on this database (the ingest's): {@code pg_terminate_backend}, MariaDB {@code KILL}. */
  public int killIngestSessions() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      if (server.kind() == SqlServer.Kind.POSTGRESQL) {
        try (ResultSet r = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
          r.next();
          return r.getInt(1);
        }
      }
      List<Long> ids = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = DATABASE() "
          + "AND id <> CONNECTION_ID()")) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
      for (long id : ids) {
        try {
          s.execute("KILL " + id);
        } catch (SQLException gone) {
          // The session ended on its own in between.
        }
      }
      return ids.size();
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), server.user(), server.password());
  }

  @Override
  public void close() throws SQLException {
    killIngestSessions();
    database.close();
  }
}
