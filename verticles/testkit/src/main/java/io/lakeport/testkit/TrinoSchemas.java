package io.lakeport.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a scratch schema a test's Lakeport process published its catalog to (views over snapshot tables), through
 * Trino's client protocol. Blocking: call it from tear-down.
 */
public final class TrinoSchemas {

  private TrinoSchemas() {
  }

  /** Drops every view and table of {@code schema} in the local stack's catalog, then the schema; absent: nothing. */
  public static void drop(URI trino, String schema) throws Exception {
    drop(trino, LocalStack.TRINO_CATALOG, schema);
  }

  /** As {@link #drop(URI, String)} in Trino's {@code catalog} (e.g. the Iceberg tables of a namespace). */
  public static void drop(URI trino, String catalog, String schema) throws Exception {
    var objects = rowsIfExists(trino, "SELECT table_name, table_type FROM " + catalog + ".information_schema.tables "
        + "WHERE table_schema = '" + schema + "' ORDER BY table_type DESC");
    for (var row : objects) {
      String kind = "VIEW".equals(row.getString(1)) ? "VIEW" : "TABLE";
      rowsIfExists(trino, "DROP " + kind + " IF EXISTS " + catalog + "." + schema + "." + row.getString(0));
    }
    rowsIfExists(trino, "DROP SCHEMA IF EXISTS " + catalog + "." + schema);
  }

  /** One statement, following nextUri to the end; the rows. A schema or table that does not exist: no rows. */
  public static List<JsonArray> rowsIfExists(URI trino, String sql) throws Exception {
    List<JsonArray> rows = new ArrayList<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest request = HttpRequest.newBuilder(trino.resolve("/v1/statement"))
          .header("X-Trino-User", LocalStack.TRINO_USER)
          .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
      JsonObject page = new JsonObject(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
      while (true) {
        if (page.getJsonArray("data") != null) {
          page.getJsonArray("data").forEach(r -> rows.add((JsonArray) r));
        }
        if (page.getJsonObject("error") != null) {
          String message = page.getJsonObject("error").getString("message", "");
          if (message.contains("does not exist")) {
            return rows;
          }
          throw new IllegalStateException("Trino: " + sql + ": " + message);
        }
        String next = page.getString("nextUri");
        if (next == null) {
          return rows;
        }
        page = new JsonObject(client.send(HttpRequest.newBuilder(URI.create(next))
            .header("X-Trino-User", LocalStack.TRINO_USER).build(), HttpResponse.BodyHandlers.ofString()).body());
      }
    }
  }
}
