package io.lakeport.run;

import java.util.Locale;

/** How a run copies a table. */
public enum RunMode {
  /** A new complete snapshot; readers switch to it only once it is committed. */
  FULL,
  /** Only rows past the table's committed watermark, appended to the current snapshot. */
  INCREMENTAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunMode fromWire(String text) {
    for (RunMode mode : values()) {
      if (mode.wire().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode must be full or incremental, got '" + text + "'");
  }
}
