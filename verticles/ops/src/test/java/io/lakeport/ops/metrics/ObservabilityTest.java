package io.lakeport.ops.metrics;

import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.config.LakeportConfig.MetricsConfig;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunMode;
import io.lakeport.testkit.Await;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.lakeport.ops.OpsTesting.await;
import static io.lakeport.ops.OpsTesting.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Vert.x built with the launcher's metrics options: the default registry is Prometheus, Vert.x, JVM and
 * Lakeport meters land in it under the documented names.
 */
class ObservabilityTest {

  private static final String RUN = "ms1-20261127T193000Z-0a1b2c";
  private Vertx vertx;

  @BeforeEach
  void start() {
    VertxOptions options = new VertxOptions();
    Observability.configure(options, new MetricsConfig(true, true, "127.0.0.1", 0));
    vertx = Vertx.builder().with(options).withMetrics(Observability.metricsFactory()).build();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theDefaultRegistryIsPrometheusWithVertxAndJvmMeters() throws Exception {
    assertThat(BackendRegistries.getDefaultNow()).isInstanceOf(PrometheusMeterRegistry.class);
    await(Observability.startProbes(vertx, 2));
    LakeportMetrics metrics = LakeportMetrics.current();
    metrics.partUploaded("raw-ms1", 8 * 1024 * 1024);
    metrics.queryEnded("TRINO", "succeeded", Duration.ofMillis(1200));
    metrics.enginePoll("trino");
    metrics.scheduleTrigger("ms1", "skipped");
    metrics.runEnded("ms1", RunMode.INCREMENTAL, false, Duration.ofSeconds(3));
    String scrape = scrape();
    assertThat(scrape)
        .contains("jvm_memory_used_bytes")
        .contains("lakeport_lake_parts_total{bucket=\"raw-ms1\"} 1.0")
        .contains("lakeport_lake_part_size_bytes_sum{bucket=\"raw-ms1\"} 8388608.0")
        .contains("lakeport_query_duration_seconds_count{engine=\"trino\",outcome=\"succeeded\"} 1")
        .contains("lakeport_engine_polls_total{engine=\"trino\"} 1.0")
        .contains("lakeport_schedule_triggers_total{outcome=\"skipped\",source=\"ms1\"} 1.0")
        .contains("lakeport_ingest_runs_total{mode=\"incremental\",outcome=\"failed\",source=\"ms1\"} 1.0")
        .contains("lakeport_ingest_run_duration_seconds_sum{mode=\"incremental\",outcome=\"failed\",source=\"ms1\"} 3.0");
  }

  @Test
  void theEventLoopDelayProbeRecords() throws Exception {
    await(Observability.startProbes(vertx, 2));
    // Each probe records once per interval; wait for a few.
    String scrape = Await.value("the event-loop delay probe to record", Duration.ofMinutes(1), ObservabilityTest::scrape,
        text -> text.contains("lakeport_event_loop_delay_seconds_count"));
    assertThat(scrape).containsPattern("lakeport_event_loop_delay_seconds_count [1-9]");
  }

  @Test
  void progressEventsOfOwnedSourcesBecomeRowAndByteCountersOnce() throws Exception {
    await(vertx.deployVerticle(new ProgressMetrics(Set.of("ms1"))));
    Instant at = Instant.parse("2026-11-27T19:30:00Z");
    publish(new ProgressEvent(RUN, "ms1", Type.TABLE_STARTED, "usuarios", 0, 0, null, at));
    publish(new ProgressEvent(RUN, "ms1", Type.TABLE_PROGRESS, "usuarios", 1000, 100_000, null, at));
    publish(new ProgressEvent(RUN, "ms1", Type.TABLE_PROGRESS, "usuarios", 2500, 250_000, null, at));
    publish(new ProgressEvent(RUN, "ms1", Type.TABLE_DONE, "usuarios", 3000, 300_000, null, at));
    publish(new ProgressEvent(RUN, "ms1", Type.TABLE_FAILED, "pedidos", 0, 0, "boom", at));
    // Another process owns ms2: not counted here.
    publish(new ProgressEvent("ms2-20261127T193000Z-0a1b2c", "ms2", Type.TABLE_DONE, "clientes", 7, 70, null, at));
    String scrape = Await.value("the failed table to be counted", Duration.ofMinutes(1), ObservabilityTest::scrape,
        text -> text.contains("lakeport_ingest_table_failures_total"));
    assertThat(scrape)
        .contains("lakeport_ingest_rows_total{source=\"ms1\",table=\"usuarios\"} 3000.0")
        .contains("lakeport_ingest_bytes_total{source=\"ms1\",table=\"usuarios\"} 300000.0")
        .contains("lakeport_ingest_table_failures_total{source=\"ms1\",table=\"pedidos\"} 1.0")
        .doesNotContain("source=\"ms2\"");
  }

  @Test
  void aProcessWithoutTheApiGroupServesMetricsOnItsOwnPort() throws Exception {
    int port = freePort();
    await(Observability.start(vertx, new MetricsConfig(true, true, "127.0.0.1", port), 1));
    var client = vertx.createHttpClient();
    // The default registry is a JVM-wide static that each Vert.x instance of this test class replaces as it
    // starts and removes as it closes; until the one this endpoint serves is settled, a trigger recorded
    // through LakeportMetrics.current() can land in the previous one. Record again until it is served.
    String body = "";
    String status = "";
    for (int i = 0; i < 50 && !body.contains("lakeport_schedule_triggers_total{outcome=\"started\",source=\"ms3\"}"); i++) {
      LakeportMetrics.current().scheduleTrigger("ms3", "started");
      // The body is read in the same composition as the response: asked for later, from this thread, a
      // response that has already ended would never deliver it.
      String answer = await(client.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/metrics")
          .compose(r -> r.send())
          .compose(r -> r.body().map(b -> r.statusCode() + " " + r.getHeader("Content-Type") + "\n" + b)));
      status = answer.substring(0, answer.indexOf('\n'));
      body = answer.substring(answer.indexOf('\n') + 1);
    }
    assertThat(status).startsWith("200 text/plain; version=0.0.4");
    assertThat(body)
        .containsPattern("lakeport_schedule_triggers_total\\{outcome=\"started\",source=\"ms3\"} [1-9]")
        .contains("jvm_memory_used_bytes");
    int other = await(client.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/api/dashboard")
        .compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode())));
    assertThat(other).isEqualTo(404);
    // A scraper on the JDK's client asks for an h2c upgrade: the answer is plain HTTP/1.1 and whole.
    try (java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient()) {
      java.net.http.HttpResponse<String> scrape = jdk.sendAsync(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
      assertThat(scrape.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
      assertThat(scrape.body()).contains("jvm_memory_used_bytes");
    }
  }

  private void publish(ProgressEvent event) {
    vertx.eventBus().publish(IngestAddresses.PROGRESS, event.toJson());
  }

  private static String scrape() {
    return ((PrometheusMeterRegistry) BackendRegistries.getDefaultNow()).scrape();
  }
}
