package io.lakeport.ingest;

import io.lakeport.lake.TableState;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import io.lakeport.schema.TableSchema;
import io.lakeport.store.LakeLayout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunBookkeepingTest {

  static final TableSchema SCHEMA = new TableSchema("ms1", "pedidos", List.of(), List.of("id"), List.of());
  static final Instant RUN_START = Instant.parse("2026-12-03T23:59:59Z");
  static final Instant NOW = Instant.parse("2026-12-04T00:00:10Z");

  static TableState committed(String snapshot, List<String> previous, List<String> days, String column, String watermark) {
    return new TableState("pedidos", "ms1_pedidos", snapshot, previous, days, column, watermark, SCHEMA, "r0",
        RunMode.FULL, RUN_START.minusSeconds(3600));
  }

  @Nested
  class Continuation {

    @Test
    void onlyAnIncrementalRunOnTheCommittedWatermarkColumnContinuesTheTable() {
      assertThat(RunBookkeeping.continuesCommitted(RunMode.INCREMENTAL, "updated_at", true, "updated_at")).isTrue();
      assertThat(RunBookkeeping.continuesCommitted(RunMode.FULL, "updated_at", true, "updated_at")).isFalse();
      assertThat(RunBookkeeping.continuesCommitted(RunMode.INCREMENTAL, "updated_at", false, null))
          .as("nothing committed yet").isFalse();
      assertThat(RunBookkeeping.continuesCommitted(RunMode.INCREMENTAL, "id", true, "updated_at"))
          .as("another column").isFalse();
      assertThat(RunBookkeeping.continuesCommitted(RunMode.INCREMENTAL, "updated_at", true, null))
          .as("the commit recorded no column (a full run without a watermark)").isFalse();
    }

    @Test
    void aChangedWatermarkColumnIsWarnedAboutOnlyWhenItStopsAnIncrementalRunFromContinuing() {
      assertThat(RunBookkeeping.watermarkColumnChange(RunMode.INCREMENTAL, "id", true, "updated_at", "it starts over"))
          .isEqualTo("the watermark column changed from updated_at to id: it starts over");
      assertThat(RunBookkeeping.watermarkColumnChange(RunMode.INCREMENTAL, "id", true, "id", "x")).isNull();
      assertThat(RunBookkeeping.watermarkColumnChange(RunMode.INCREMENTAL, "id", false, null, "x"))
          .as("first run").isNull();
      assertThat(RunBookkeeping.watermarkColumnChange(RunMode.FULL, "id", true, "updated_at", "x"))
          .as("a full run replaces the table anyway").isNull();
    }
  }

  @Nested
  class NextWatermark {

    @Test
    void theLargestValueReadWins() {
      assertThat(RunBookkeeping.nextWatermark("2026-12-03 10:00:00", true, "2026-12-01 00:00:00"))
          .isEqualTo("2026-12-03 10:00:00");
      assertThat(RunBookkeeping.nextWatermark("2026-12-03 10:00:00", false, null)).isEqualTo("2026-12-03 10:00:00");
    }

    @Test
    void anIncrementalRunThatReadNothingKeepsItsPlace() {
      assertThat(RunBookkeeping.nextWatermark(null, true, "2026-12-01 00:00:00")).isEqualTo("2026-12-01 00:00:00");
    }

    @Test
    void aRunThatReplacesTheTableAndReadNothingHasNoWatermark() {
      assertThat(RunBookkeeping.nextWatermark(null, false, "2026-12-01 00:00:00")).isNull();
    }
  }

  @Nested
  class JsonlCommit {

    @Test
    void aFullRunStartsItsOwnSnapshotAndKeepsThePreviousOnesNewestFirst() {
      TableState before = committed("r2", List.of("r1", "r0"), List.of("2026-12-01"), "updated_at", "w2");
      RunBookkeeping.JsonlCommit plan = RunBookkeeping.jsonlCommit(before, false, "r3", SCHEMA, "pedidos",
          "ms1_pedidos", "updated_at", "w3", true, "r3", RUN_START, RunMode.FULL, 3, NOW);
      assertThat(plan.runDays()).as("the run's day, in UTC").containsExactly("2026-12-03");
      TableState state = plan.state();
      assertThat(state.snapshotId()).isEqualTo("r3");
      assertThat(state.previousSnapshots()).as("keepSnapshots 3: the current and two before").containsExactly("r2", "r1");
      assertThat(state.days()).as("a new snapshot holds only what this run wrote").containsExactly("2026-12-03");
      assertThat(state.watermark()).isEqualTo("w3");
      assertThat(state.lastRunId()).isEqualTo("r3");
      assertThat(state.lastMode()).isEqualTo(RunMode.FULL);
      assertThat(state.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void anAppendingRunAddsItsDayToTheCommittedSnapshotAndKeepsTheSameHistory() {
      TableState before = committed("r2", List.of("r1"), List.of("2026-12-01", "2026-12-03"), "updated_at", "w2");
      RunBookkeeping.JsonlCommit plan = RunBookkeeping.jsonlCommit(before, true, "r2", SCHEMA, "pedidos",
          "ms1_pedidos", "updated_at", "w3", true, "r5", RUN_START, RunMode.INCREMENTAL, 3, NOW);
      assertThat(plan.state().snapshotId()).isEqualTo("r2");
      assertThat(plan.state().days()).as("each day once, in order").containsExactly("2026-12-01", "2026-12-03");
      assertThat(plan.state().previousSnapshots()).as("the snapshot did not change").containsExactly("r1");
      assertThat(plan.state().lastRunId()).isEqualTo("r5");
    }

    @Test
    void aRunThatWroteNothingPublishesNoDay() {
      RunBookkeeping.JsonlCommit plan = RunBookkeeping.jsonlCommit(null, false, "r1", SCHEMA, "pedidos",
          "ms1_pedidos", null, null, false, "r1", RUN_START, RunMode.FULL, 3, NOW);
      assertThat(plan.runDays()).isEmpty();
      assertThat(plan.state().days()).isEmpty();
      assertThat(plan.state().previousSnapshots()).isEmpty();
    }

    @Test
    void keepingOneSnapshotKeepsNoPreviousOne() {
      TableState before = committed("r2", List.of("r1"), List.of(), null, null);
      RunBookkeeping.JsonlCommit plan = RunBookkeeping.jsonlCommit(before, false, "r3", SCHEMA, "pedidos",
          "ms1_pedidos", null, null, true, "r3", RUN_START, RunMode.FULL, 1, NOW);
      assertThat(plan.state().previousSnapshots()).isEmpty();
    }
  }

  @Test
  void theFoldersToDropAreEverySnapshotTheStateNoLongerKeepsAndNothingElse() {
    TableState state = committed("r3", List.of("r2"), List.of(), null, null);
    List<String> folders = List.of(
        LakeLayout.snapshotPrefix("pedidos", "r3"),
        LakeLayout.snapshotPrefix("pedidos", "r2"),
        LakeLayout.snapshotPrefix("pedidos", "r1"),
        LakeLayout.snapshotPrefix("pedidos", "failed-full-run"),
        "pedidos/_other/");
    assertThat(RunBookkeeping.snapshotFoldersToDrop(state, folders)).containsExactly(
        LakeLayout.snapshotPrefix("pedidos", "r1"), LakeLayout.snapshotPrefix("pedidos", "failed-full-run"));
  }

  @Nested
  class Outcome {

    static TableStatus table(String name, State state, String error) {
      return new TableStatus(name, state, 1, 1, List.of(), null, List.of(), error);
    }

    @Test
    void aRunWhoseTablesAllSucceededSucceeds() {
      assertThat(RunBookkeeping.outcome(null, List.of(table("a", State.SUCCEEDED, null)), null, false))
          .isEqualTo(new RunBookkeeping.Outcome(State.SUCCEEDED, null));
    }

    @Test
    void everyFailureIsNamedInOrderRunFirst() {
      assertThat(RunBookkeeping.outcome("discovery failed: refused",
          List.of(table("a", State.FAILED, "boom"), table("b", State.SUCCEEDED, null), table("c", State.FAILED, "bang")),
          null, false))
          .isEqualTo(new RunBookkeeping.Outcome(State.FAILED,
              "discovery failed: refused; table a failed: boom; table c failed: bang"));
    }

    @Test
    void aCancelAClientAskedForEndsCancelledWithItsReason() {
      assertThat(RunBookkeeping.outcome(null, List.of(table("a", State.FAILED, "cancelled")), "asked by key-1", true))
          .isEqualTo(new RunBookkeeping.Outcome(State.CANCELLED, "asked by key-1"));
    }

    @Test
    void aStopThatNoClientAskedForFailsTheRun() {
      assertThat(RunBookkeeping.outcome(null, List.of(table("a", State.FAILED, "the process is stopping")),
          "the process is stopping", false))
          .isEqualTo(new RunBookkeeping.Outcome(State.FAILED, "table a failed: the process is stopping"));
    }
  }
}
