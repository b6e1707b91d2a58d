package io.lakeport.testing;

import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A scratch database of its own on the machine's PostgreSQL or MariaDB, with one table of generated rows
 * (id, a, amount numeric(12,2), name, created, note), for ingest tests that mutate data or kill sessions.
 * Dropped by {@link #close()}.
 */
public abstract sealed class ScratchDatabase implements AutoCloseable {

  public final String database;
  public final String table = "scratch";

  ScratchDatabase(String database) {
    this.database = database;
  }

  public static ScratchDatabase postgres(String name) throws SQLException {
    ScratchDatabase db = new Postgres(name);
    db.admin("DROP DATABASE IF EXISTS " + name);
    db.admin("CREATE DATABASE " + name);
    db.execute("CREATE TABLE scratch (id bigint PRIMARY KEY, a int, amount numeric(12,2), name varchar(64), "
        + "created timestamp, note text)");
    return db;
  }

  public static ScratchDatabase mariadb(String name) throws SQLException {
    ScratchDatabase db = new Mariadb(name);
    db.admin("DROP DATABASE IF EXISTS " + name);
    db.admin("CREATE DATABASE " + name);
    db.execute("CREATE TABLE scratch (id bigint PRIMARY KEY, a int, amount decimal(12,2), name varchar(64), "
        + "created datetime, note text)");
    return db;
  }

  /** The source section of a profile for this database. */
  public abstract JsonObject sourceConfig(String bucket);

  /** Adds rows with ids {@code from..to}. */
  public abstract void insert(long from, long to) throws SQLException;

  /** Ends the database sessions of the ingest (every session on this database but the caller's). */
  public abstract int killIngestSessions() throws SQLException;

  abstract Connection connect(String database) throws SQLException;

  abstract String adminDatabase();

  public long count() throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT COUNT(*) FROM scratch")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** id and amount (as exact text) of every row, ordered by id. */
  public List<String> idsAndAmounts() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(database); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT id, amount FROM scratch ORDER BY id")) {
      while (r.next()) {
        rows.add(r.getLong(1) + ":" + r.getBigDecimal(2).toPlainString());
      }
    }
    return rows;
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  void admin(String sql) throws SQLException {
    try (Connection c = connect(adminDatabase()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    killIngestSessions();
    admin("DROP DATABASE IF EXISTS " + database);
  }

  static final class Postgres extends ScratchDatabase {
    Postgres(String database) {
      super(database);
    }

    @Override
    public JsonObject sourceConfig(String bucket) {
      return new JsonObject().put("kind", "postgresql").put("host", "127.0.0.1").put("port", 5432)
          .put("database", database).put("user", "postgres").put("password", "").put("bucket", bucket)
          .put("watermarks", new JsonObject().put("scratch", "id"));
    }

    @Override
    public void insert(long from, long to) throws SQLException {
      execute("INSERT INTO scratch SELECT g, g % 1000, (g * 1.01)::numeric(12,2), 'name-' || g, "
          + "timestamp '2024-01-01' + g * interval '1 second', repeat('x', 50) FROM generate_series(" + from + ", "
          + to + ") g");
    }

    @Override
    public int killIngestSessions() throws SQLException {
      try (Connection c = connect("postgres"); Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
               + "WHERE datname = '" + database + "' AND pid <> pg_backend_pid()")) {
        r.next();
        return r.getInt(1);
      }
    }

    @Override
    Connection connect(String db) throws SQLException {
      return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
    }

    @Override
    String adminDatabase() {
      return "postgres";
    }
  }

  static final class Mariadb extends ScratchDatabase {
    Mariadb(String database) {
      super(database);
    }

    @Override
    public JsonObject sourceConfig(String bucket) {
      return new JsonObject().put("kind", "mysql").put("host", "127.0.0.1").put("port", 3306)
          .put("database", database).put("user", "root").put("password", "").put("bucket", bucket)
          .put("watermarks", new JsonObject().put("scratch", "id"));
    }

    @Override
    public void insert(long from, long to) throws SQLException {
      execute("INSERT INTO scratch SELECT seq, seq % 1000, seq * 1.01, CONCAT('name-', seq), "
          + "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, REPEAT('x', 50) FROM mysql.seq_" + from + "_to_" + to);
    }

    @Override
    public int killIngestSessions() throws SQLException {
      List<Long> ids = new ArrayList<>();
      try (Connection c = connect(adminDatabase()); Statement s = c.createStatement()) {
        try (ResultSet r = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = '" + database
            + "' AND id <> CONNECTION_ID()")) {
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
      }
      return ids.size();
    }

    @Override
    Connection connect(String db) throws SQLException {
      return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + db, "root", "");
    }

    @Override
    String adminDatabase() {
      return "mysql";
    }
  }
}
