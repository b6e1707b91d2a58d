package io.lakeport.source;

/** A reactive SQL source (MySQL/MariaDB, PostgreSQL): its reads go through {@link SqlReads}. */
interface SqlSource extends Source {

  /** How this source reads a table, by one cursor or by ranges. */
  SqlReads reads();
}
