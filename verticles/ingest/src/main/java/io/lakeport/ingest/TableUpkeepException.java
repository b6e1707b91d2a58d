package io.lakeport.ingest;

/** The upkeep of one Iceberg table failed: which source and table, and the engine's reason (the cause). */
public final class TableUpkeepException extends RuntimeException {

  private final String source;
  private final String table;

  public TableUpkeepException(String source, String table, Throwable cause) {
    super("upkeep of table " + table + " of source " + source + " failed: " + TableRun.message(cause), cause);
    this.source = source;
    this.table = table;
  }

  public String source() {
    return source;
  }

  /** The Iceberg table's name (the engine table readers query). */
  public String table() {
    return table;
  }
}
