package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs from the jar on one machine, clustered over loopback: an ingest process that owns the scratch
 * source, and an api process without the ingest group. An ingest asked of the api process runs in the
 * ingest process (its rows are counted there, not in the api process), and its progress reaches the api's
 * server-sent-events stream across the cluster.
 */
@ExtendWith(LocalStackExtension.class)
class TwoProcessIngestIT {

  private static final int CLIENTES = 3000;

  @Test
  void anIngestTriggeredThroughTheApiProcessRunsInTheIngestProcessAndStreamsItsProgress() throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    try (IngestFixture fixture = new IngestFixture("ops-cluster",
        "CREATE TABLE clientes (id integer PRIMARY KEY, nombre text NOT NULL, alta date)",
        "INSERT INTO clientes SELECT g, 'cliente ' || g, date '2026-01-01' + g % 300 FROM generate_series(1, " + CLIENTES + ") g")) {
      int ingestMember = LakeportProcess.freePort();
      int apiMember = LakeportProcess.freePort();
      int apiPort = LakeportProcess.freePort();
      int ingestMetrics = LakeportProcess.freePort();
      String members = "[127.0.0.1:" + ingestMember + ", 127.0.0.1:" + apiMember + "]";
      Path ingestProfile = fixture.profile("cluster-ingest", "[ingest]",
          "enabled: true\nhost: 127.0.0.1\nport: " + ingestMember + "\nmembers: " + members,
          LakeportProcess.freePort(), LakeportProcess.freePort(), ingestMetrics);
      Path apiProfile = fixture.profile("cluster-api", "[api]",
          "enabled: true\nhost: 127.0.0.1\nport: " + apiMember + "\nmembers: " + members,
          apiPort, LakeportProcess.freePort(), 0);

      try (LakeportProcess ingest = LakeportProcess.start("cluster-ingest", ingestProfile, Map.of(), List.of("ingest"));
           LakeportProcess api = LakeportProcess.start("cluster-api", apiProfile, Map.of(), List.of("api"))) {
        ingest.awaitLog("Members {size:2", LakeportProcess.START_TIMEOUT);
        api.awaitLog("Members {size:2", LakeportProcess.START_TIMEOUT);
        assertThat(api.output()).contains("lakeport running groups [API]");

        String base = "http://127.0.0.1:" + apiPort;
        HttpResponse<String> accepted = post(base + "/api/ingestions", new JsonObject().put("source", SOURCE));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = new JsonObject(accepted.body()).getString("runId");
        assertThat(runId).startsWith(SOURCE + "-");

        List<JsonObject> events = serverSentEvents(base + "/api/ingestions/" + runId + "/events");
        assertThat(events).as(ingest.tail()).isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.getString("runId")).isEqualTo(runId));
        assertThat(events.getLast().getString("type")).as(events.getLast().encode()).isEqualTo("run-done");

        // Where the run happened: the ingest process counted its rows; the api process has none of them.
        String ingestMetricsText = IngestFixture.get("http://127.0.0.1:" + ingestMetrics + "/metrics").body();
        assertThat(BridgeToolsIT.value(ingestMetricsText,
            "lakeport_ingest_rows_total\\{source=\"" + SOURCE + "\",table=\"clientes\"\\}")).isEqualTo(CLIENTES);
        String apiMetricsText = IngestFixture.get(base + "/metrics").body();
        assertThat(apiMetricsText).contains("vertx_http_server_requests_total")
            .doesNotContain("lakeport_ingest_rows_total{source=\"" + SOURCE + "\"");
        assertThat(fixture.objects()).extracting(o -> o.key())
            .anyMatch(k -> !k.startsWith("_lakeport/") && k.contains(runId));
      }
    }
  }

  private static HttpResponse<String> post(String url, JsonObject body) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Reads {@code text/event-stream} until the run's last event: each {@code data:} line as JSON. */
  private static List<JsonObject> serverSentEvents(String url) throws Exception {
    List<JsonObject> events = new ArrayList<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      try (Stream<String> lines = response.body()) {
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
          String line = it.next();
          if (line.startsWith("data:")) {
            JsonObject event = new JsonObject(line.substring("data:".length()).strip());
            events.add(event);
            if (event.getString("type").equals("run-done") || event.getString("type").equals("run-failed")) {
              break;
            }
          }
        }
      }
    }
    return events;
  }
}
