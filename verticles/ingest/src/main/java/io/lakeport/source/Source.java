package io.lakeport.source;

import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;

import java.util.List;

/**
 * One source database (mysql, postgresql, mongodb or jdbc). Discovers what to copy and opens cursors over
 * it. Implementations never load a whole table: a {@link TableReader} pulls from the database cursor only
 * as fast as its consumer asks.
 */
public interface Source {

  /**
   * The schemas of the tables (or collections) to copy: {@code tables} when not empty, else every table
   * the source holds (system tables excluded). Fails with {@link UnknownTableException}
   * naming a requested table that does not exist.
   */
  Future<List<TableSchema>> discover(List<String> tables);

  /**
   * Opens a cursor over one table. With a watermark column, only rows whose value is strictly greater
   * than {@code watermarkAfter} (null: all rows) are read, in ascending order of that column, so the
   * highest value seen is a safe next watermark.
   */
  Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter);

  /**
   * How many rows the table holds, from the database's statistics (no scan): what progress is measured
   * against. {@link #UNKNOWN_ROWS} when the statistics have none (a table never analysed, a source without
   * statistics); an estimate may be stale, so readers never treat it as a bound.
   */
  default Future<Long> estimateRows(TableSchema table) {
    return Future.succeededFuture(UNKNOWN_ROWS);
  }

  long UNKNOWN_ROWS = -1;

  Future<Void> close();
}
