package io.lakeport.ingest;

/**
 * A delete detection of a table that has neither a primary key nor configured key columns: without a key,
 * a lake row cannot be matched to a source row.
 */
public final class KeyColumnsMissingException extends TableSettingMissingException {

  KeyColumnsMissingException(String source, String table) {
    super("delete detection needs the table's key, and it has no primary key", source, "keys", table);
  }
}
