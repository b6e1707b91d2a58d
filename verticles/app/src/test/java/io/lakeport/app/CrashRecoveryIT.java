package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.store.LakeLayout;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.S3Gate;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Lakeport process (the jar) killed with SIGKILL in the middle of a table, then started again: the run it
 * left is marked failed with a reason saying the process stopped, its open upload is gone once the next run
 * of the source starts, nothing of it is visible to readers or left in the bucket, and the next run is
 * exact; for every lake format: JSON Lines, gzip JSON Lines ({@code lake.gzip}) and Iceberg
 * ({@code format: iceberg}), whose dead run leaves completed Parquet data files that no snapshot references
 * until the next run's orphan sweep removes them.
 *
 * <p>The processes reach the store through an {@link S3Gate}: for the kill, it holds back the completion of
 * the run's uploads, so that the kill lands with an upload open however fast the machine copies the table.
 */
@ExtendWith(LocalStackExtension.class)
class CrashRecoveryIT {

  private static final int ROWS = 1_000_000;
  /** The lake folder of the table (Iceberg: its data files are under {@code iceberg/grande/data/}). */
  private static final String TABLE = "grande";

  /** The formats, as a profile's environment sets them. */
  enum Format {
    JSONL(Map.of("LAKEPORT_LAKE__GZIP", "false"), ".jsonl"),
    JSONL_GZIP(Map.of("LAKEPORT_LAKE__GZIP", "true"), ".jsonl.gz"),
    /**
     * Data files rolled at 16 MiB and row groups of 1 MiB, so the table's Parquet, whose payload does not
     * compress (about 70 MiB), is several files. A file's upload starts with its first 5 MiB part and is
     * open until the file is complete, most of the time the file is written: the kill lands with some
     * files complete and one uploading.
     */
    ICEBERG(Map.of("LAKEPORT_SOURCES__" + SOURCE.toUpperCase() + "__FORMAT", "iceberg",
        "LAKEPORT_LAKE__ICEBERG__TARGET_FILE_MIB", "16", "LAKEPORT_LAKE__ICEBERG__ROW_GROUP_MIB", "1"), ".parquet");

    final Map<String, String> env;
    final String dataSuffix;

    Format(Map<String, String> env, String dataSuffix) {
      this.env = env;
      this.dataSuffix = dataSuffix;
    }

    /** The rows of the table: hex digits for Iceberg (Parquet would shrink a repeated text to nothing). */
    String payload() {
      return this == ICEBERG ? "md5(g::text) || md5((-g)::text) || md5((g + " + ROWS + ")::text) || md5((g - " + ROWS + ")::text)"
          : "repeat('x', 60) || g";
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Format.class)
  void aRunKilledMidTableIsMarkedFailedLeavesNothingAndTheNextRunIsExact(Format format) throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    try (IngestFixture fixture = new IngestFixture("crash", table(format, ROWS));
         S3Gate gate = S3Gate.in(LocalStack.S3_ENDPOINT)) {
      Lakeport lakeport = new Lakeport(fixture, format, gate);
      DeadRun dead;
      try (LakeportProcess first = lakeport.launch("crash-first-")) {
        dead = killMidTable(fixture, format, lakeport, first);
      }
      try (LakeportProcess second = lakeport.launch("crash-second-")) {
        assertMarkedFailed(lakeport, dead, second);
        // Readers see no table yet: the dead run published nothing.
        assertThat(IngestFixture.trino("SELECT count(*) FROM " + lakeport.table)).as("no table before a run succeeded").isEmpty();
        assertThat(IngestFixture.trino("SELECT count(*) FROM " + lakeport.icebergTable)).as("no Iceberg table was committed").isEmpty();
        rerunExactly(fixture, format, lakeport, dead, second, ROWS, ROWS);
      }
    }
  }

  /**
   * As above after a run that succeeded: while the killed run's files are in the store, after the restart
   * and while the next run copies the table, readers see the first run's rows, until that next run commits.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Format.class)
  void readersKeepThePreviousSnapshotUntilTheRunAfterTheKilledOneCommits(Format format) throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.API);
    int added = 200_000;
    try (IngestFixture fixture = new IngestFixture("crash", table(format, ROWS));
         S3Gate gate = S3Gate.in(LocalStack.S3_ENDPOINT)) {
      Lakeport lakeport = new Lakeport(fixture, format, gate);
      String committed;
      DeadRun dead;
      try (LakeportProcess first = lakeport.launch("crash-after-first-")) {
        committed = lakeport.start();
        JsonObject done = awaitStatus(lakeport.api, committed, run -> !"running".equals(run.getString("state")), first);
        assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
        fixture.database.execute(insert(format, ROWS + 1, ROWS + added));
        dead = killMidTable(fixture, format, lakeport, first);
        assertThat(lakeport.rows()).as("readers while the killed run's files are in the store").isEqualTo(ROWS);
      }
      try (LakeportProcess second = lakeport.launch("crash-after-second-")) {
        assertMarkedFailed(lakeport, dead, second);
        assertThat(lakeport.rows()).as("readers after the restart").isEqualTo(ROWS);
        if (format == Format.ICEBERG) {
          assertThat(IngestFixture.trino("SELECT count(*) FROM " + lakeport.icebergSnapshots))
              .as("only the first run's snapshot").singleElement().asString().isEqualTo("[1]");
        }
        rerunExactly(fixture, format, lakeport, dead, second, ROWS, ROWS + added);
        if (format == Format.ICEBERG) {
          assertThat(fixture.objects().stream().map(o -> o.key()))
              .as("the first run's data files, which its snapshot (now the older one) references")
              .anyMatch(k -> k.startsWith(lakeport.icebergData + committed + "-"));
        }
      }
    }
  }

  /** The table, {@code rows} rows. */
  private static String[] table(Format format, int rows) {
    return new String[] {"CREATE TABLE " + TABLE + " (id integer PRIMARY KEY, payload text NOT NULL)",
        insert(format, 1, rows)};
  }

  private static String insert(Format format, int from, int to) {
    return "INSERT INTO " + TABLE + " SELECT g, " + format.payload() + " FROM generate_series(" + from + ", " + to + ") g";
  }

  /**
   * One Lakeport (ingest and api) on the fixture's profile with the format's settings, reaching the store
   * through the gate, and its tables.
   */
  private static final class Lakeport {
    final Format format;
    final S3Gate gate;
    final Path profile;
    final String api;
    /** The engine table readers query (with Iceberg a view over {@link #icebergTable}). */
    final String table;
    final String icebergTable;
    final String icebergSnapshots;
    final String icebergData = LakeLayout.ICEBERG_PREFIX + TABLE + "/data/";

    Lakeport(IngestFixture fixture, Format format, S3Gate gate) throws Exception {
      this.format = format;
      this.gate = gate;
      int apiPort = LakeportProcess.freePort();
      this.api = "http://127.0.0.1:" + apiPort;
      this.profile = fixture.profile("crash", "[ingest, api]", null, apiPort, LakeportProcess.freePort(),
          LakeportProcess.freePort());
      String name = fixture.schema + "_" + TABLE;
      this.table = LocalStack.TRINO_CATALOG + "." + fixture.schema + "." + name;
      this.icebergTable = LocalStack.TRINO_ICEBERG_CATALOG + "." + fixture.schema + "." + name;
      this.icebergSnapshots = LocalStack.TRINO_ICEBERG_CATALOG + "." + fixture.schema + ".\"" + name + "$snapshots\"";
    }

    LakeportProcess launch(String name) throws Exception {
      Map<String, String> env = new HashMap<>(format.env);
      env.put("LAKEPORT_LAKE__ENDPOINT", gate.endpoint().toString());
      return LakeportProcess.start(name + format, profile, env, List.of("ingest", "api"));
    }

    /** Starts a full run of the source; its id. */
    String start() throws Exception {
      return CrashRecoveryIT.start(api);
    }

    /** count(*) of the table as readers see it. */
    long rows() throws Exception {
      return IngestFixture.trino("SELECT count(*) FROM " + table).getFirst().getLong(0);
    }
  }

  private record DeadRun(String id, Instant killedAt) {
  }

  /**
   * Starts a run and SIGKILLs {@code process} mid-table, an upload of the run open: the gate holds back the
   * run's upload completions (with Iceberg all but the first data file's), so the upload awaited stays open
   * until the kill; the held completions are then dropped, never reaching the store.
   */
  private static DeadRun killMidTable(IngestFixture fixture, Format format, Lakeport lakeport, LakeportProcess process)
      throws Exception {
    String api = lakeport.api;
    String icebergData = lakeport.icebergData;
    lakeport.gate.holdCompletions(format == Format.ICEBERG ? 1 : 0);
    String deadRun = lakeport.start();
    if (format == Format.ICEBERG) {
      // Mid-table: a data file of the run is complete in the store and the next one's completion is held.
      await("the run " + deadRun + " with a data file complete under " + icebergData + " and the next one's completion held",
          Duration.ofMinutes(5), () -> "running".equals(status(api, deadRun).getString("state"))
              && !deadRunFiles(fixture, icebergData, deadRun).isEmpty() && lakeport.gate.held() > 0, process);
    } else {
      // Mid-table: the run is going on and the table's object is an open multipart upload.
      await("the run " + deadRun + " copying grande with an upload open", Duration.ofMinutes(3), () -> {
        JsonObject run = status(api, deadRun);
        return "running".equals(run.getString("state")) && !fixture.openUploads().isEmpty();
      }, process);
    }
    process.kill(Duration.ofMinutes(1));
    Instant killedAt = Instant.now();
    lakeport.gate.drop();
    if (format == Format.ICEBERG) {
      assertThat(deadRunFiles(fixture, icebergData, deadRun)).as("the killed process left complete data files")
          .isNotEmpty().allMatch(k -> k.endsWith(".parquet"));
      assertThat(fixture.openUploads()).as("the killed process left a data file's upload open")
          .anyMatch(u -> u.key().startsWith(icebergData + deadRun + "-"));
    } else {
      assertThat(fixture.openUploads()).as("the killed process left its upload open").isNotEmpty();
    }
    return new DeadRun(deadRun, killedAt);
  }

  /** The restarted process marks the killed run failed, saying the process stopped and when it was last seen. */
  private static void assertMarkedFailed(Lakeport lakeport, DeadRun run, LakeportProcess process) throws Exception {
    JsonObject dead = awaitStatus(lakeport.api, run.id(), r -> "failed".equals(r.getString("state")), process);
    assertThat(dead.getString("error")).as(dead.encode()).contains("the ingest process stopped before the run ended");
    Matcher lastSeen = Pattern.compile("last seen at (\\S+)\\)").matcher(dead.getString("error"));
    assertThat(lastSeen.find()).as("the reason says when the process was last seen: " + dead.encode()).isTrue();
    assertThat(Instant.parse(lastSeen.group(1))).as("last seen while the run went on")
        .isAfterOrEqualTo(Instant.parse(dead.getString("startedAt")).truncatedTo(ChronoUnit.SECONDS))
        .isBeforeOrEqualTo(run.killedAt());
    assertThat(dead.getString("endedAt")).isNotNull();
  }

  /**
   * The next run succeeds with exactly {@code rows} rows; while it runs readers see {@code before} rows or,
   * once it committed, {@code rows} (never anything else); then no upload is open, no object of the dead run
   * is left, and the new run's data objects have the format's suffix.
   */
  private static void rerunExactly(IngestFixture fixture, Format format, Lakeport lakeport, DeadRun dead,
                                   LakeportProcess process, long before, long rows) throws Exception {
    String rerun = lakeport.start();
    JsonObject[] last = {null};
    await("the end of " + rerun, Duration.ofMinutes(5), () -> {
      last[0] = status(lakeport.api, rerun);
      if (before != rows || !IngestFixture.trino("SELECT count(*) FROM " + lakeport.table).isEmpty()) {
        assertThat(lakeport.rows()).as("readers while " + rerun + " runs").isIn(before, rows);
      }
      return !"running".equals(last[0].getString("state"));
    }, process);
    JsonObject done = last[0];
    assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
    assertThat(done.getJsonArray("tables").getJsonObject(0).getLong("rows")).isEqualTo(rows);
    assertThat(IngestFixture.trino("SELECT count(*), count(DISTINCT id), max(id) FROM " + lakeport.table))
        .singleElement().asString().isEqualTo("[" + rows + "," + rows + "," + rows + "]");
    assertThat(fixture.openUploads()).as("ListMultipartUploads after the next run").isEmpty();
    List<String> keys = fixture.objects().stream().map(o -> o.key()).filter(k -> !k.startsWith("_lakeport/")).toList();
    assertThat(keys).as("objects of the dead run " + dead.id()).noneMatch(k -> k.contains(dead.id()));
    assertThat(keys).as("the re-run's data objects").filteredOn(k -> k.contains(rerun)).isNotEmpty()
        .allMatch(k -> k.endsWith(format.dataSuffix));
    if (format == Format.ICEBERG) {
      String log = process.output() + process.log();
      assertThat(log).as("the orphan sweep says what it removed")
          .contains("data files of earlier runs of " + SOURCE + " that no snapshot references");
    }
  }

  /** The complete objects under {@code prefix} written by {@code runId}. */
  private static List<String> deadRunFiles(IngestFixture fixture, String prefix, String runId) throws Exception {
    return fixture.objects().stream().map(o -> o.key())
        .filter(k -> k.startsWith(prefix + runId + "-")).toList();
  }

  private static String start(String api) throws Exception {
    HttpResponse<String> accepted = http(HttpRequest.newBuilder(URI.create(api + "/api/ingestions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("source", SOURCE).put("mode", "full").encode())));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return new JsonObject(accepted.body()).getString("runId");
  }

  private static JsonObject status(String api, String runId) throws Exception {
    HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(api + "/api/ingestions/" + runId)).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static JsonObject awaitStatus(String api, String runId, Predicate<JsonObject> condition, LakeportProcess process)
      throws Exception {
    JsonObject[] last = {null};
    await("the status of " + runId, Duration.ofMinutes(5), () -> {
      last[0] = status(api, runId);
      return condition.test(last[0]);
    }, process);
    return last[0];
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Duration max, Condition condition, LakeportProcess process) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return;
      }
      assertThat(process.isAlive()).as("the process is alive while waiting for " + what + "\n" + process.tail()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("waited " + max.toSeconds() + " s for " + what + "\n" + process.tail());
  }

  private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
