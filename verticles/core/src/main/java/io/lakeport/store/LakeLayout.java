package io.lakeport.store;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;

/**
 * Where things live in a source's bucket. Data and Lakeport's own records are kept apart so that an
 * engine pointed at a table's prefix never reads a manifest:
 *
 * <pre>
 * {table}/snapshot={snapshotId}/dt={yyyy-MM-dd}/{runId}-{seq}.jsonl[.gz]   data (Hive-style partitions)
 * _lakeport/runs/{runId}.json                                            run manifest, written last
 * _lakeport/tables/{table}/state.json                                    committed snapshot and watermark
 * iceberg/{table}/data/{runId}-{8 hex}-{seq}.parquet                      data of a format: iceberg table
 * iceberg/{table}/metadata/…                                             its Iceberg metadata
 * </pre>
 *
 * <p>A full run writes a new snapshot (snapshotId = its runId) and readers are switched to it only after it
 * is complete; an incremental run appends to the table's current snapshot. {@code dt} is the UTC day the
 * run started.
 */
public final class LakeLayout {

  public static final String META_PREFIX = "_lakeport/";
  /** Prefix of the Iceberg tables of a bucket (sources with {@code format: iceberg}). */
  public static final String ICEBERG_PREFIX = "iceberg/";

  /**
   * The Hive partition keys of every table, in path order. Engines expose them as columns, so no source
   * column may use these names ({@link io.lakeport.schema.LakeNames} reserves them).
   */
  public static final String SNAPSHOT_KEY = "snapshot";
  public static final String DAY_KEY = "dt";

  private LakeLayout() {
  }

  /** Prefix of all of a table's data, the engine table's location. */
  public static String tablePrefix(String table) {
    return table + "/";
  }

  public static String snapshotPrefix(String table, String snapshotId) {
    return tablePrefix(table) + SNAPSHOT_KEY + "=" + snapshotId + "/";
  }

  public static String partitionPrefix(String table, String snapshotId, LocalDate day) {
    return snapshotPrefix(table, snapshotId) + DAY_KEY + "=" + day + "/";
  }

  public static String objectKey(String table, String snapshotId, String runId, Instant runStart, int sequence,
                                 boolean gzip) {
    return partitionPrefix(table, snapshotId, LocalDate.ofInstant(runStart, ZoneOffset.UTC))
        + runId + "-" + String.format("%05d", sequence) + (gzip ? ".jsonl.gz" : ".jsonl");
  }

  public static String runManifestKey(String runId) {
    return runsPrefix() + runId + ".json";
  }

  /** Prefix of all run manifests of a bucket. */
  public static String runsPrefix() {
    return META_PREFIX + "runs/";
  }

  /** The run id a manifest key names, or null when the key is not a manifest's. */
  public static String runIdOfManifest(String key) {
    if (!key.startsWith(runsPrefix()) || !key.endsWith(".json")) {
      return null;
    }
    return key.substring(runsPrefix().length(), key.length() - ".json".length());
  }

  public static String tableStateKey(String table) {
    return META_PREFIX + "tables/" + table + "/state.json";
  }

  public static String location(String bucket, String prefix) {
    return "s3://" + bucket + "/" + prefix;
  }
}
