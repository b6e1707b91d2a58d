package io.lakeport.testkit;

/**
 * How to reach one of the local stack's SQL servers: {@link LocalStack#POSTGRES} or {@link LocalStack#MARIADB}.
 * Tests build their own client options from these facts (e.g. {@code PgConnectOptions}).
 */
public record SqlServer(Kind kind, String host, int port, String user, String password) {

  public enum Kind { POSTGRESQL, MARIADB }

  /** JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return switch (kind) {
      case POSTGRESQL -> "jdbc:postgresql://" + host + ":" + port + "/" + database;
      case MARIADB -> "jdbc:mariadb://" + host + ":" + port + "/" + database;
    };
  }

  /** The database every server has, to connect to before a test database exists. */
  String administrationDatabase() {
    return switch (kind) {
      case POSTGRESQL -> "postgres";
      case MARIADB -> "mysql";
    };
  }
}
