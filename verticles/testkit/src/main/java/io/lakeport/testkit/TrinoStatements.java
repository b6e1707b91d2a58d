package io.lakeport.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Statements on the local Trino through its client protocol (POST /v1/statement, then follow nextUri). */
public final class TrinoStatements {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TrinoStatements() {
  }

  /** Runs one statement with {@code catalog} as the session catalog and returns all data rows; fails on an error. */
  public static List<JsonArray> rows(String catalog, String sql) throws Exception {
    HttpRequest.Builder first = HttpRequest.newBuilder(LocalStack.TRINO_URI.resolve("/v1/statement"))
        .header("X-Trino-User", LocalStack.TRINO_USER).header("X-Trino-Catalog", catalog)
        .POST(HttpRequest.BodyPublishers.ofString(sql));
    JsonObject body = new JsonObject(HTTP.send(first.build(), HttpResponse.BodyHandlers.ofString()).body());
    List<JsonArray> rows = new ArrayList<>();
    while (true) {
      if (body.getJsonObject("error") != null) {
        throw new AssertionError("Trino: " + body.getJsonObject("error").getString("message") + " in: " + sql);
      }
      JsonArray data = body.getJsonArray("data");
      if (data != null) {
        data.forEach(r -> rows.add((JsonArray) r));
      }
      String next = body.getString("nextUri");
      if (next == null) {
        return rows;
      }
      body = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(next)).header("X-Trino-User", LocalStack.TRINO_USER)
          .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
  }
}
