package io.lakeport.ingest;

/**
 * An incremental run of a table for which the source names no watermark column: the run cannot know where
 * the last one stopped. Carries the configuration key that would fix it.
 */
public final class WatermarkColumnMissingException extends RuntimeException {

  private final String configKey;

  WatermarkColumnMissingException(String source, String table) {
    this("sources." + source + ".watermarks." + table);
  }

  private WatermarkColumnMissingException(String configKey) {
    super("an incremental run needs a watermark column: set " + configKey);
    this.configKey = configKey;
  }

  /** The dotted profile key to set, e.g. {@code sources.ms1.watermarks.pedidos}. */
  public String configKey() {
    return configKey;
  }
}
