package io.lakeport.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunIdTest {

  private static final Instant START = Instant.parse("2026-11-27T08:00:00Z");

  @Test
  void aRunIdNamesItsSourceAndStartInUtc() {
    String id = RunId.next("ms1", START);
    assertThat(id).matches("ms1-20261127T080000Z-[0-9a-f]{6}");
    assertThat(RunId.sourceOf(id)).isEqualTo("ms1");
    assertThat(RunId.sourceOf(RunId.next("ms1-eu_2", START))).isEqualTo("ms1-eu_2");
  }

  @Test
  void runIdsOfOneSourceSortByStartTime() {
    String earlier = RunId.next("ms2", START);
    String later = RunId.next("ms2", START.plusSeconds(1));
    assertThat(earlier).isLessThan(later);
  }

  @Test
  void aRunBelongsOnlyToItsOwnSource() {
    String ms1 = RunId.next("ms1", START);
    String ms1eu = RunId.next("ms1-eu", START);
    assertThat(RunId.belongsTo(ms1, "ms1")).isTrue();
    assertThat(RunId.belongsTo(ms1eu, "ms1-eu")).isTrue();
    assertThat(RunId.belongsTo(ms1eu, "ms1")).isFalse();
    assertThat(RunId.belongsTo(ms1, "ms1-eu")).isFalse();
    assertThat(RunId.belongsTo("nonsense", "ms1")).isFalse();
  }

  @Test
  void textThatIsNoRunIdIsRefused() {
    assertThatThrownBy(() -> RunId.sourceOf("ms1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ms1");
  }

  @Test
  void aFileNameNamesTheRunThatWroteIt() {
    String run = RunId.next("ms1-eu", START);
    assertThat(RunId.leading(run + "-0a1b2c3d-00001.parquet")).isEqualTo(run);
    assertThat(RunId.leading(run + "-0a1b2c3d-deletes.parquet")).isEqualTo(run);
    assertThat(RunId.leading(run + "-00001.jsonl.gz")).isEqualTo(run);
    assertThat(RunId.leading("00000-6c5f0d2e-metadata.json")).isNull();
    assertThat(RunId.leading(run + ".parquet")).as("a run id not followed by '-'").isNull();
  }
}
