package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's CLI over the REST API of a real Lakeport process (ingest and api groups, an API key required):
 * the same commands as over the bridge, the key from {@code LAKEPORT_API_KEY}, and a clear exit without it.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliOverApiIT {

  private static final int CLIENTES = 5000;
  private static final int PAGOS = 300;
  private static final String KEY = "cli-over-api-test-key-0123456789";

  private static IngestFixture fixture;
  private static LakeportProcess lakeport;
  private static String api;

  @BeforeAll
  static void start() throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    fixture = new IngestFixture("cli-api", IngestFixture.clientesAndPagos(CLIENTES, PAGOS));
    int apiPort = LakeportProcess.freePort();
    api = "http://127.0.0.1:" + apiPort;
    Path profile = fixture.profile("cli-api", "[ingest, api]", null, apiPort, LakeportProcess.freePort(),
        LakeportProcess.freePort());
    lakeport = LakeportProcess.start("cli-api-lakeport", profile, Map.of("LAKEPORT_API__API_KEYS", KEY),
        List.of("ingest", "api"));
  }

  @AfterAll
  static void stop() throws Exception {
    CleanUp.all(lakeport == null ? null : lakeport::close, fixture == null ? null : fixture::close);
  }

  @Test
  @Order(1)
  void withoutTheKeyOrWithAWrongOneTheCliExitsFourSayingWhatToSet() throws Exception {
    LakeportProcess none = cli("cli-api-nokey", Map.of(), "history", "--api", api);
    assertThat(none.waitFor(Duration.ofMinutes(2))).as(none.log()).isEqualTo(4);
    assertThat(none.log()).contains("history: the API at " + api + " needs an API key: give --api-key KEY or set "
        + "LAKEPORT_API_KEY").doesNotContain("Exception").doesNotContain("\tat ");

    LakeportProcess wrong = cli("cli-api-wrongkey", Map.of("LAKEPORT_API_KEY", "not-the-key-but-long-enough"),
        "ingest", "--api", api, "--source", SOURCE, "--follow");
    assertThat(wrong.waitFor(Duration.ofMinutes(2))).as(wrong.log()).isEqualTo(4);
    assertThat(wrong.log()).contains("ingest: the API at " + api + " refused the API key (401)")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(wrong.output()).isEmpty();
  }

  @Test
  @Order(2)
  void theCliTriggersAndFollowsARunOverTheApiWithRowProgress() throws Exception {
    LakeportProcess cli = cli("cli-api-ingest", Map.of("LAKEPORT_API_KEY", KEY),
        "ingest", "--api", api, "--source", SOURCE, "--follow");
    int exit = cli.waitFor(Duration.ofMinutes(5));
    String output = cli.output();
    assertThat(exit).as(output + cli.log() + lakeport.tail()).isZero();
    IngestFixture.assertFollowedRunSucceeded(output, CLIENTES, PAGOS);
  }

  @Test
  @Order(3)
  void theServerSentEventsCarryTheRowEstimateAndTheTimings() throws Exception {
    LakeportProcess cli = cli("cli-api-ingest-json", Map.of("LAKEPORT_API_KEY", KEY),
        "ingest", "--api", api, "--source", SOURCE, "--tables", "clientes", "--follow", "--progress", "json");
    assertThat(cli.waitFor(Duration.ofMinutes(5))).as(cli.output() + cli.log()).isZero();
    List<io.vertx.core.json.JsonObject> events = cli.output().lines().map(io.vertx.core.json.JsonObject::new).toList();
    io.vertx.core.json.JsonObject done = events.stream().filter(e -> "table-done".equals(e.getString("type")))
        .findFirst().orElseThrow(() -> new AssertionError("no table-done event in " + events));
    assertThat(done.getLong("rows")).isEqualTo(CLIENTES);
    assertThat(done.getLong("estimatedRows")).as(done.encode()).isEqualTo(CLIENTES);
    assertThat(done.getLong("elapsedMs")).as(done.encode()).isNotNull().isPositive();
    assertThat(done.getLong("remainingSeconds")).as(done.encode()).isIn(null, 0L);
    assertThat(events.getLast().getString("state")).as("the run's status ends the output").isEqualTo("succeeded");
  }

  @Test
  @Order(4)
  void statusHistoryAndQueryPrintWhatTheBridgePrints() throws Exception {
    Map<String, String> env = Map.of("LAKEPORT_API_URL", api, "LAKEPORT_API_KEY", KEY);
    // LAKEPORT_API_URL alone makes REST the way.
    LakeportProcess history = cli("cli-api-history", env, "history", "--source", SOURCE);
    assertThat(history.waitFor(Duration.ofMinutes(2))).as(history.output() + history.log()).isZero();
    Matcher run = Pattern.compile("(" + SOURCE + "-\\S+)\\s+" + SOURCE + "\\s+full\\s+succeeded").matcher(history.output());
    assertThat(run.find()).as(history.output()).isTrue();

    LakeportProcess status = cli("cli-api-status", env, "status", run.group(1));
    assertThat(status.waitFor(Duration.ofMinutes(2))).as(status.output() + status.log()).isZero();
    assertThat(status.output()).contains("run      " + run.group(1)).contains("state    succeeded")
        .containsPattern("clientes\\s+succeeded\\s+5,000");

    LakeportProcess unknown = cli("cli-api-status-unknown", env, "status", SOURCE + "-20000101T000000Z-000000");
    assertThat(unknown.waitFor(Duration.ofMinutes(2))).as(unknown.log()).isEqualTo(1);
    assertThat(unknown.log()).contains("status: not found: ");

    // The source's tables are prefixed with the fixture's schema name, in that schema (the engine's default).
    LakeportProcess csv = cli("cli-api-query", env, "query",
        "SELECT count(*) AS n, max(id) AS top FROM " + fixture.schema + "_pagos", "--format", "csv");
    assertThat(csv.waitFor(Duration.ofMinutes(2))).as(csv.output() + csv.log()).isZero();
    assertThat(csv.output()).isEqualTo("n,top\r\n" + PAGOS + "," + PAGOS + "\r\n");

    LakeportProcess refused = cli("cli-api-query-refused", env, "query", "DROP TABLE " + fixture.schema + "_pagos");
    assertThat(refused.waitFor(Duration.ofMinutes(2))).as(refused.log()).isEqualTo(1);
    assertThat(refused.log()).startsWith("query: bad request: ");
  }

  @Test
  @Order(5)
  void theCliCancelsARunOverTheApi() throws Exception {
    IngestFixture.assertTheCliCancelsARun(fixture, lakeport, "cli-api", Map.of("LAKEPORT_API_URL", api, "LAKEPORT_API_KEY", KEY),
        List.of());
  }

  private static LakeportProcess cli(String name, Map<String, String> env, String... args) throws Exception {
    return LakeportProcess.launch(name, new ArrayList<>(List.of(args)), env);
  }
}
