package io.lakeport.testing;

import io.vertx.core.json.JsonArray;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows as lists of texts (null stays null), to compare a source's rows with the lake's value by value: each
 * side formats its values in SQL the way the other prints them.
 */
public final class TextRows {

  private TextRows() {
  }

  /** The rows of {@code sql} over JDBC, after the session statements {@code setup} (e.g. a time zone). */
  public static List<List<String>> jdbc(String url, String user, String password, String sql, String... setup)
      throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      for (String statement : setup) {
        s.execute(statement);
      }
      try (ResultSet r = s.executeQuery(sql)) {
        ResultSetMetaData meta = r.getMetaData();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.add(r.getString(i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** Rows as Trino's client protocol answers them, each value as its text. */
  public static List<List<String>> of(List<JsonArray> rows) {
    List<List<String>> texts = new ArrayList<>();
    for (JsonArray r : rows) {
      List<String> row = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        row.add(r.getValue(i) == null ? null : String.valueOf(r.getValue(i)));
      }
      texts.add(row);
    }
    return texts;
  }
}
