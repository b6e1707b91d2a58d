package io.lakeport.app;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.schedule.Schedule;
import io.lakeport.testkit.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lakeport.app.IngestFixture.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source's schedule, kept by the ingest process that owns it, against the real coordinator. A run made by
 * hand, then a slot of {@code every 1m} passing while no process keeps the schedule, then a process that
 * does: it catches up with one run at once (read from the run history), and then runs at the next slot.
 */
@ExtendWith(LocalStackExtension.class)
class ScheduleIT {

  private static final Pattern STARTED = Pattern.compile("schedule of " + SOURCE + ": run (" + SOURCE + "-\\S+) started \\(([^)]*)\\)");

  @Test
  void aMissedSlotIsCaughtUpOnceAtStartAndTheNextSlotRuns() throws Exception {
    IngestFixture.assumeGroups(Group.INGEST, Group.BRIDGE);
    try (IngestFixture fixture = new IngestFixture("ops-schedule",
        "CREATE TABLE clientes (id integer PRIMARY KEY, nombre text NOT NULL)",
        "INSERT INTO clientes SELECT g, 'cliente ' || g FROM generate_series(1, 200) g")) {
      int bridgePort = LakeportProcess.freePort();
      String bridge = "127.0.0.1:" + bridgePort;

      // A run by hand, with no schedule anywhere.
      Instant manualStart;
      try (LakeportProcess first = LakeportProcess.start("schedule-first",
          fixture.profile("schedule-first", "[ingest, bridge]", null, LakeportProcess.freePort(), bridgePort, 0),
          Map.of(), List.of("ingest", "bridge"))) {
        manualStart = Instant.now();
        LakeportProcess cli = LakeportProcess.launch("schedule-cli",
            List.of("ingest", "--bridge", bridge, "--source", SOURCE, "--follow"), Map.of());
        assertThat(cli.waitFor(Duration.ofMinutes(3))).as(cli.output() + cli.log()).isZero();
      }

      // Wait until a slot of the schedule has passed since that run.
      Instant slot = Schedule.parse("every 1m").next(manualStart);
      while (Instant.now().isBefore(slot.plusSeconds(1))) {
        Thread.sleep(500);
      }

      Path scheduled = fixture.profile("schedule-second", "[ingest, bridge]", null, LakeportProcess.freePort(),
          bridgePort, 0, "schedule: every 1m\nscheduleMode: full");
      try (LakeportProcess second = LakeportProcess.start("schedule-second", scheduled, Map.of(),
          List.of("ingest", "bridge"))) {
        second.awaitLog("catching up with one run now", Duration.ofMinutes(2));
        second.awaitLog("started (catch-up)", Duration.ofMinutes(2));
        // The next slot: at most a minute away, plus the time a loaded machine takes.
        second.awaitLog("started (slot ", Duration.ofMinutes(3));

        Matcher started = STARTED.matcher(second.log());
        List<String> why = started.results().map(m -> m.group(2)).toList();
        assertThat(why.getFirst()).isEqualTo("catch-up");
        assertThat(why).filteredOn(w -> w.equals("catch-up")).as("one catch-up run, however many slots passed").hasSize(1);
        assertThat(why.get(1)).matches("slot \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z");

        // Both runs are in the history, done by the coordinator like any other.
        LakeportProcess runs = LakeportProcess.launch("schedule-runs",
            List.of("runs", "--bridge", bridge, "--source", SOURCE), Map.of());
        assertThat(runs.waitFor(Duration.ofMinutes(2))).isZero();
        String listing = runs.output();
        List<String> scheduledRuns = STARTED.matcher(second.log()).results().map(m -> m.group(1)).limit(2).toList();
        assertThat(scheduledRuns).hasSize(2).allSatisfy(id -> assertThat(listing).contains(id));
      }
    }
  }
}
