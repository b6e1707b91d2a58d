package io.lakeport.ingest;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.LakeConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.config.LakeportConfig.TableFormat;

/**
 * What a run of one source holds in memory at most, whatever its tables' sizes, as a formula of the
 * configuration (docs/ingest.md): per table copied at once, the chunks its cursors hold (a finished one and
 * the one being filled; a read in ranges also one per range waiting to be sent), the chunks the credits let
 * travel, and the writer's part buffers (and for Iceberg the Parquet row group being encoded); plus the rows of
 * one cursor fetch per cursor, whose size is the rows'.
 *
 * @param tables       {@code ingest.tableParallelism}
 * @param cursors      cursors per table at most ({@code sources.<s>.ranges}, or one per core)
 * @param chunkBytes   {@code ingest.chunkKib}
 * @param credits      {@code ingest.credits}
 * @param parts        part buffers per table: {@code lake.partsInFlight} + the one being filled
 * @param partBytes    {@code lake.partSizeMib}
 * @param rowGroupBytes Iceberg's {@code lake.iceberg.rowGroupMib}; 0 for JSON Lines
 * @param fetchRows    {@code ingest.fetchSize}
 */
record MemoryBound(int tables, int cursors, long chunkBytes, int credits, int parts, long partBytes,
                   long rowGroupBytes, int fetchRows) {

  static MemoryBound of(IngestConfig ingest, LakeConfig lake, SourceConfig source) {
    return new MemoryBound(ingest.tableParallelism(), source.maxRanges(), ingest.chunkBytes(),
        ingest.credits(), lake.partsInFlight() + 1, lake.partSizeBytes(),
        source.format() == TableFormat.ICEBERG ? lake.iceberg().rowGroupBytes() : 0, ingest.fetchSize());
  }

  /** Chunks the cursors of one table hold: two per cursor, and one more per range when there are ranges. */
  long readerChunks() {
    return cursors == 1 ? 2 : 3L * cursors;
  }

  /** Bytes per table, fetched rows aside. */
  long tableBytes() {
    return (readerChunks() + credits) * chunkBytes + parts * partBytes + rowGroupBytes;
  }

  long bytes() {
    return tables * tableBytes();
  }

  /** The bound and how it is made, for the run's start event. */
  String describe() {
    return "memory bound " + mib(bytes()) + " = " + tables + " table(s) × (" + readerChunks() + " reader + " + credits
        + " credit chunks of " + mib(chunkBytes) + " + " + parts + " parts of " + mib(partBytes)
        + (rowGroupBytes > 0 ? " + a row group of " + mib(rowGroupBytes) : "") + "), plus " + tables * cursors
        + " cursor fetch(es) of " + fetchRows + " rows";
  }

  private static String mib(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : String.format(java.util.Locale.ROOT, "%.2f MiB",
        bytes / (1024.0 * 1024));
  }
}
