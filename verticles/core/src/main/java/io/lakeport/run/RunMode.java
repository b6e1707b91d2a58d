package io.lakeport.run;

import java.util.Locale;

/** How a run copies a table. */
public enum RunMode {
  /** A new complete snapshot; readers switch to it only once it is committed. */
  FULL,
  /**
   * Only rows past the table's committed watermark: with format iceberg an upsert by key into the current
   * snapshot, with jsonl appended to it.
   */
  INCREMENTAL,
  /**
   * Delete detection (format iceberg, tables with a key): only the source's key columns are read, and the
   * lake rows whose key the source no longer holds are deleted, in one snapshot; no row is added, and the
   * watermark stays where it was.
   */
  DELETES;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunMode fromWire(String text) {
    for (RunMode mode : values()) {
      if (mode.wire().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode must be full, incremental or deletes, got '" + text + "'");
  }
}
