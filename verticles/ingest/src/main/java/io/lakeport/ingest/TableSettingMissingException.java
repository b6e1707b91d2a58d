package io.lakeport.ingest;

/**
 * A run of a table that needs a per-table setting the profile does not have. Carries the configuration key
 * that would fix it, e.g. {@code sources.ms1.watermarks.pedidos}.
 */
public abstract sealed class TableSettingMissingException extends RuntimeException
    permits WatermarkColumnMissingException, KeyColumnsMissingException {

  private final String configKey;

  /**
   * @param need    what the run needs, e.g. "an incremental run needs a watermark column"
   * @param setting the per-table map under the source, e.g. {@code watermarks}
   */
  TableSettingMissingException(String need, String source, String setting, String table) {
    String key = "sources." + source + "." + setting + "." + table;
    super(need + ": set " + key);
    this.configKey = key;
  }

  /** The dotted profile key to set. */
  public String configKey() {
    return configKey;
  }
}
