package io.lakeport.source;

import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;

/** A reactive SQL source (MySQL/MariaDB, PostgreSQL): its reads go through {@link SqlReads}. */
interface SqlSource extends Source {

  /** How this source reads a table, by one cursor or by ranges. */
  SqlReads reads();

  @Override
  default Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter) {
    return reads().open(this, table, watermarkColumn, watermarkAfter);
  }
}
