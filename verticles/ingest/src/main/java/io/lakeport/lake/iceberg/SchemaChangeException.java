package io.lakeport.lake.iceberg;

/**
 * A source schema the lake table cannot take without a rebuild (a type narrowed or changed kind). Iceberg's
 * message names the column and both types; nothing of the run was applied.
 */
public final class SchemaChangeException extends RuntimeException {

  private final String table;

  public SchemaChangeException(String table, String detail, Throwable cause) {
    super("the source schema of " + table + " is incompatible with the lake table (" + detail + "); rebuild the "
        + "table: drop it in the engine (DROP TABLE iceberg.<schema>.<table>) and run the source in full mode", cause);
    this.table = table;
  }

  public String table() {
    return table;
  }
}
