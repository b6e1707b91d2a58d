package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.testkit.Await;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No answer is older than the last commit, with the result cache at its default (30 s): a listing is answered
 * (and cached), a row changes in the source, a run commits it, and the same listing shows the change at once,
 * in one Lakeport process running the ingest and api groups, for both lake formats; and on every API
 * instance of a cluster, the commit event travelling on the clustered bus.
 */
@ExtendWith(LocalStackExtension.class)
class FreshAnswersIT {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iceberg", "jsonl"})
  void aListingShowsARowAnIngestRunCommittedAtOnce(String format) throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    try (IngestFixture fixture = new IngestFixture("fresh", IngestFixture.clientesAndPagos(50, 20))) {
      int apiPort = LakeportProcess.freePort();
      String api = "http://127.0.0.1:" + apiPort;
      Path profile = fixture.profile("fresh", "[ingest, api]", null, apiPort, LakeportProcess.freePort(),
          LakeportProcess.freePort());
      assertThat(Files.readString(profile)).as("the result cache at its default").doesNotContain("cacheSeconds");
      try (LakeportProcess lakeport = LakeportProcess.start("fresh-" + format, profile,
          Map.of("LAKEPORT_SOURCES__" + SOURCE.toUpperCase() + "__FORMAT", format), List.of("ingest", "api"))) {
        ingest(api, lakeport);
        String listing = api + "/api/tables/" + fixture.schema + "_pagos/rows?filter=id:7";
        assertThat(importe(listing)).isEqualTo("8.75");
        assertThat(importe(listing)).as("the same answer again, from the cache").isEqualTo("8.75");

        fixture.database.execute("UPDATE pagos SET importe = 999.99 WHERE id = 7");
        ingest(api, lakeport);
        // The commit event reaches the API as the run ends; the cache would keep the old answer 30 s.
        Await.until("the listing with the committed change", Duration.ofSeconds(2),
            () -> importe(listing).equals("999.99"));
      }
    }
  }

  /**
   * The commit event travels on the clustered bus: with an ingest process and two API processes clustered over
   * loopback, a run triggered through the first API commits a changed row, and both APIs, whose caches hold
   * the old answer, show it at once (Iceberg, the default format).
   */
  @org.junit.jupiter.api.Test
  void everyApiInstanceOfAClusterShowsACommitAtOnce() throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    try (IngestFixture fixture = new IngestFixture("fresh-cluster", IngestFixture.clientesAndPagos(50, 20))) {
      int ingestMember = LakeportProcess.freePort();
      int firstMember = LakeportProcess.freePort();
      int secondMember = LakeportProcess.freePort();
      int firstPort = LakeportProcess.freePort();
      int secondPort = LakeportProcess.freePort();
      String members = "[127.0.0.1:" + ingestMember + ", 127.0.0.1:" + firstMember + ", 127.0.0.1:" + secondMember + "]";
      Path ingestProfile = fixture.profile("fresh-cluster-ingest", "[ingest]", cluster(ingestMember, members),
          LakeportProcess.freePort(), LakeportProcess.freePort(), 0);
      Path firstProfile = fixture.profile("fresh-cluster-api-1", "[api]", cluster(firstMember, members), firstPort,
          LakeportProcess.freePort(), 0);
      Path secondProfile = fixture.profile("fresh-cluster-api-2", "[api]", cluster(secondMember, members), secondPort,
          LakeportProcess.freePort(), 0);
      assertThat(Files.readString(firstProfile)).as("the result cache at its default").doesNotContain("cacheSeconds");
      try (LakeportProcess ingest = LakeportProcess.start("fresh-cluster-ingest", ingestProfile,
          Map.of("LAKEPORT_SOURCES__" + SOURCE.toUpperCase() + "__FORMAT", "iceberg"), List.of("ingest"));
           LakeportProcess first = LakeportProcess.start("fresh-cluster-api-1", firstProfile, Map.of(), List.of("api"));
           LakeportProcess second = LakeportProcess.start("fresh-cluster-api-2", secondProfile, Map.of(), List.of("api"))) {
        for (LakeportProcess member : List.of(ingest, first, second)) {
          member.awaitLog("Members {size:3", LakeportProcess.START_TIMEOUT);
        }
        String firstApi = "http://127.0.0.1:" + firstPort;
        String path = "/api/tables/" + fixture.schema + "_pagos/rows?filter=id:7";
        List<String> listings = List.of(firstApi + path, "http://127.0.0.1:" + secondPort + path);
        ingest(firstApi, ingest);
        for (String listing : listings) {
          assertThat(importe(listing)).as(listing).isEqualTo("8.75");
          assertThat(importe(listing)).as(listing + ", again, from the cache").isEqualTo("8.75");
        }

        fixture.database.execute("UPDATE pagos SET importe = 999.99 WHERE id = 7");
        ingest(firstApi, ingest);
        for (String listing : listings) {
          Await.until("the committed change at " + listing, Duration.ofSeconds(2), () -> importe(listing).equals("999.99"));
        }
      }
    }
  }

  private static String cluster(int port, String members) {
    return "enabled: true\nhost: 127.0.0.1\nport: " + port + "\nmembers: " + members;
  }

  /** A full run of the source through the API, to its successful end. */
  private static void ingest(String api, LakeportProcess lakeport) throws Exception {
    HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(api + "/api/ingestions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("source", SOURCE).put("mode", "full").encode())));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String runId = new JsonObject(accepted.body()).getString("runId");
    JsonObject[] status = {null};
    Await.until("the end of run " + runId, Duration.ofMinutes(3), () -> {
      status[0] = new JsonObject(send(HttpRequest.newBuilder(URI.create(api + "/api/ingestions/" + runId)).GET()).body());
      return !"running".equals(status[0].getString("state"));
    });
    assertThat(status[0].getString("state")).as(status[0].encode() + lakeport.tail()).isEqualTo("succeeded");
  }

  private static String importe(String listing) throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(listing)).GET());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return new JsonObject(page.body()).getJsonArray("items").getJsonObject(0).getValue("importe").toString();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
