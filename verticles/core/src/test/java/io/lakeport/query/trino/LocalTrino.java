package io.lakeport.query.trino;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The local Trino the integration tests run against: {@code scripts/local-stack up} starts it on
 * 127.0.0.1:8080. Another address can be given with {@code -Dlakeport.trino.uri=...} or the
 * {@code LAKEPORT_TRINO_URI} environment variable.
 */
public final class LocalTrino {

  private static volatile boolean ready;

  private LocalTrino() {
  }

  public static URI uri() {
    String configured = System.getProperty("lakeport.trino.uri", System.getenv("LAKEPORT_TRINO_URI"));
    return URI.create(configured == null || configured.isBlank() ? "http://127.0.0.1:8080" : configured);
  }

  public static TrinoEngine.Settings settings() {
    return new TrinoEngine.Settings(uri(), "lakeport-test", "hive", "lakeport", "lakeport-test",
        Duration.ofSeconds(2), Duration.ofSeconds(30), 10_000, Duration.ofMinutes(10));
  }

  /**
   * Blocks (test thread only) until Trino runs a real query: /v1/info answers a little before queries stop
   * failing with "No nodes available". Fails with a hint when nothing answers at all.
   */
  public static void awaitReady() {
    if (ready) {
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "no answer";
    while (System.nanoTime() < giveUp) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri().resolve("/v1/statement"))
            .header("X-Trino-User", "lakeport-test").POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(response.body());
        while (body.getString("nextUri") != null && body.getJsonObject("error") == null) {
          body = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(body.getString("nextUri")))
              .header("X-Trino-User", "lakeport-test").build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        if (body.getJsonObject("error") == null) {
          ready = true;
          return;
        }
        last = body.getJsonObject("error").getString("message");
      } catch (IOException | RuntimeException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("Trino at " + uri() + " does not run queries (" + last
        + "); start the local stack with scripts/local-stack up, or point -Dlakeport.trino.uri at a Trino");
  }

  /** Trino's own view of a query ({@code GET /v1/query/{id}}): state, errorCode, ... */
  public static Future<JsonObject> queryInfo(WebClient client, String queryId) {
    return client.getAbs(uri().resolve("/v1/query/" + queryId).toString())
        .putHeader("X-Trino-User", "lakeport-test")
        .send()
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("Trino answered " + response.statusCode() + " for query " + queryId);
          }
          return response.bodyAsJsonObject();
        });
  }

  /** Whether Trino says the query ended because it was cancelled. */
  public static Future<Boolean> cancelledInTrino(WebClient client, String queryId) {
    return queryInfo(client, queryId).map(info -> "FAILED".equals(info.getString("state"))
        && info.getJsonObject("errorCode") != null
        && "USER_CANCELED".equals(info.getJsonObject("errorCode").getString("name")));
  }

  /** How many queries Trino has seen (recently) whose text contains {@code marker}. */
  public static Future<Long> queriesContaining(WebClient client, String marker) {
    return client.getAbs(uri().resolve("/v1/query").toString())
        .putHeader("X-Trino-User", "lakeport-test")
        .send()
        .map(response -> {
          JsonArray queries = response.bodyAsJsonArray();
          return queries.stream().map(JsonObject.class::cast)
              .filter(query -> query.getString("query", "").contains(marker))
              .count();
        });
  }

  /** A local port nothing listens on (bound and released at once). */
  public static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
