package io.lakeport.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory bound a run states in its start event: a formula of the configuration alone. */
class MemoryBoundTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void oneCursorHoldsTwoChunksAndTheWriterItsParts() {
    MemoryBound bound = new MemoryBound(2, 1, MIB, 4, 3, 8 * MIB, 0, 1000);
    assertThat(bound.tableBytes()).isEqualTo((2 + 4) * MIB + 3 * 8 * MIB);
    assertThat(bound.bytes()).isEqualTo(2 * 30 * MIB);
    assertThat(bound.describe()).startsWith("memory bound 60 MiB = 2 table(s) × (2 reader + 4 credit chunks of 1 MiB"
        + " + 3 parts of 8 MiB)").endsWith("plus 2 cursor fetch(es) of 1000 rows");
  }

  @Test
  void rangesAddThreeChunksEachAndIcebergItsRowGroup() {
    MemoryBound bound = new MemoryBound(1, 4, MIB, 4, 3, 8 * MIB, 16 * MIB, 500);
    assertThat(bound.readerChunks()).isEqualTo(12);
    assertThat(bound.bytes()).isEqualTo((12 + 4) * MIB + 24 * MIB + 16 * MIB);
    assertThat(bound.describe()).contains("a row group of 16 MiB").contains("4 cursor fetch(es) of 500 rows");
  }
}
