package io.lakeport.catalog;

import io.lakeport.query.ResultColumn;

import java.util.List;

/** A queryable table as the engine describes it. */
public record CatalogTable(String name, List<ResultColumn> columns, String location) {
  public CatalogTable {
    columns = List.copyOf(columns);
  }
}
