package io.lakeport.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A uniquely named, empty database on the local PostgreSQL or MariaDB, dropped by {@link #close()}.
 *
 * <pre>{@code
 * try (ScratchDatabase db = ScratchDatabase.create(LocalStack.POSTGRES, "cursor")) {
 *     db.execute("CREATE TABLE t (id int primary key)", "INSERT INTO t VALUES (1)");
 *     ... connect with PgConnectOptions on db.server().port() / db.name() ...
 * }
 * }</pre>
 *
 * Blocking (JDBC): call it from test set-up and tear-down, never from an event loop.
 *
 * @param name the database's name, unique to its test run ({@link #create} makes one)
 */
public record ScratchDatabase(SqlServer server, String name) implements AutoCloseable {

  public static ScratchDatabase create(SqlServer server, String purpose) {
    String name = LocalStack.uniqueSqlName(purpose);
    String create = switch (server.kind()) {
      case POSTGRESQL -> "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0";
      case MARIADB -> "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
    };
    runOn(server, server.administrationDatabase(), create);
    return new ScratchDatabase(server, name);
  }

  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  /** Runs statements in this database, in order, each committed on its own (fixtures, not queries). */
  public void execute(String... statements) {
    runOn(server, name, statements);
  }

  /** Drops the database, closing connections a test left open on PostgreSQL. */
  @Override
  public void close() {
    String drop = switch (server.kind()) {
      case POSTGRESQL -> "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
      case MARIADB -> "DROP DATABASE IF EXISTS " + name;
    };
    runOn(server, server.administrationDatabase(), drop);
  }

  private static void runOn(SqlServer server, String database, String... statements) {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
       Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("on " + server.kind() + " " + server.host() + ":" + server.port() + "/" + database
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return server.kind() + " database " + name;
  }
}
