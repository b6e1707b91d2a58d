package io.lakeport.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A database of its own for one test class on the machine's PostgreSQL (127.0.0.1:5432, postgres, trust) or
 * MariaDB (127.0.0.1:3306, root, no password), created with a unique name and dropped at the end. Set-up
 * goes through JDBC on the test thread.
 */
final class ScratchDatabase implements AutoCloseable {

  enum Kind { POSTGRESQL, MARIADB }

  final Kind kind;
  final String name;

  private ScratchDatabase(Kind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  static ScratchDatabase postgres(String prefix) throws SQLException {
    String name = SourceTesting.unique(prefix).toLowerCase();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new ScratchDatabase(Kind.POSTGRESQL, name);
  }

  static ScratchDatabase mariadb(String prefix) throws SQLException {
    String name = SourceTesting.unique(prefix).toLowerCase();
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    }
    return new ScratchDatabase(Kind.MARIADB, name);
  }

  String jdbcUrl() {
    return kind == Kind.POSTGRESQL ? "jdbc:postgresql://127.0.0.1:5432/" + name
        : "jdbc:mariadb://127.0.0.1:3306/" + name;
  }

  Connection connect() throws SQLException {
    return kind == Kind.POSTGRESQL ? DriverManager.getConnection(jdbcUrl(), "postgres", "")
        : DriverManager.getConnection(jdbcUrl(), "root", "");
  }

  /** Runs statements in one session, in order. */
  void exec(String... statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first column of every row of a query. */
  List<Object> column(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Object> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getObject(1));
      }
      return out;
    }
  }

  long count(String table) throws SQLException {
    String quoted = kind == Kind.POSTGRESQL ? "\"" + table + "\"" : "`" + table + "`";
    return ((Number) column("SELECT count(*) FROM " + quoted).getFirst()).longValue();
  }

  @Override
  public void close() throws SQLException {
    if (kind == Kind.POSTGRESQL) {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
           Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    } else {
      try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
           Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
