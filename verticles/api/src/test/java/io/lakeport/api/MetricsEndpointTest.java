package io.lakeport.api;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With Prometheus metrics on (as the launcher sets them up), /metrics serves the process's registry. */
class MetricsEndpointTest {

  @Test
  void servesThePrometheusRegistry() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)).setEnabled(true)));
    try {
      TestApi api = TestApi.start(vertx, TestApi.config(new JsonObject(), new JsonObject()), new ScriptedQueryService(),
          TestApi.catalog(TestApi.demoTables()));
      api.get("/health");
      HttpResponse<Buffer> metrics = api.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
      assertThat(metrics.bodyAsString()).contains("vertx_http_server_requests_total");
      // The JDK's client, as the CLI and generated Java clients use it, asks for an h2c upgrade: the answer
      // is plain HTTP/1.1 and whole (HttpServerDefaults).
      try (java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient()) {
        java.net.http.HttpResponse<String> scrape = jdk.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + api.verticle.actualPort() + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        assertThat(scrape.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(scrape.body()).contains("vertx_http_server_requests_total");
      }
      api.client.close();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
