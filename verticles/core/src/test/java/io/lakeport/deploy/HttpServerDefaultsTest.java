package io.lakeport.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK's HTTP client, as the CLI, generated Java clients and scrapers use it (HTTP/2 preferred, so each first
 * request asks for an h2c upgrade), against a server with {@link HttpServerDefaults#options()}: every answer
 * is plain HTTP/1.1 and complete. With Vert.x's default (upgrade accepted) this fails: the client reads part
 * of a large body as HTTP/2 frames ("Frame type(120) ... exceeds MAX_FRAME_SIZE") or waits forever.
 */
class HttpServerDefaultsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aJdkClientAskingForHttp2GetsCompleteHttp11Answers() throws Exception {
    String body = "lakeport_metric_total{a=\"b\"} 1.0\n".repeat(6000);
    HttpServer server = vertx.createHttpServer(HttpServerDefaults.options())
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/plain").end(body))
        .listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
    for (int i = 0; i < 20; i++) {
      try (HttpClient client = HttpClient.newHttpClient()) {
        HttpResponse<String> response = client.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        assertThat(response.version()).as("request " + i).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.body()).as("request " + i).hasSize(body.length());
      }
    }
  }
}
