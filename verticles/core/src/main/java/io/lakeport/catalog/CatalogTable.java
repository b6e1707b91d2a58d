package io.lakeport.catalog;

import io.lakeport.query.ResultColumn;

import java.util.List;

/**
 * A queryable table as the engine describes it.
 *
 * @param location    where its data lives, when its view records it; else null
 * @param primaryKey  the source's primary key columns, when its view records them; else empty
 * @param jsonColumns the varchar columns that hold JSON text, when its view records them; else empty
 * @param iceberg     the Iceberg table the view reads, when its view records one (format iceberg); else null,
 *                    and the table has no snapshots a read as of an instant could use
 */
public record CatalogTable(String name, List<ResultColumn> columns, String location, List<String> primaryKey,
                           List<String> jsonColumns, IcebergSource iceberg) {
  public CatalogTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    jsonColumns = List.copyOf(jsonColumns);
  }

  /** A table whose view records no Iceberg table. */
  public CatalogTable(String name, List<ResultColumn> columns, String location, List<String> primaryKey,
                      List<String> jsonColumns) {
    this(name, columns, location, primaryKey, jsonColumns, null);
  }

  /** A table whose view records no key and no JSON columns (a user's view, Athena, an older lake). */
  public CatalogTable(String name, List<ResultColumn> columns, String location) {
    this(name, columns, location, List.of(), List.of());
  }
}
