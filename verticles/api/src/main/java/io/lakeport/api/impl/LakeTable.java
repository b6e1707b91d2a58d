package io.lakeport.api.impl;

import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.IcebergSource;
import io.lakeport.query.ResultColumn;
import io.lakeport.store.LakeLayout;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A published lake table as the row endpoints read it: its data columns (the view's columns without the
 * lake's {@code dt} partition column), the key its pages are ordered and continued by (the source's primary
 * key, in key order; empty when the catalog records none) and the columns that hold JSON text, which are
 * answered as JSON; and the Iceberg table behind it, whose snapshots a read as of an instant queries (null for
 * a table without snapshots: format jsonl).
 */
public record LakeTable(String name, List<ResultColumn> columns, List<String> key, Set<String> jsonColumns,
                        IcebergSource iceberg) {

  public LakeTable {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    jsonColumns = Set.copyOf(jsonColumns);
    List<String> names = columns.stream().map(ResultColumn::name).toList();
    if (!names.containsAll(key) || !names.containsAll(jsonColumns)) {
      throw new IllegalArgumentException(name + ": key and JSON columns must be among its columns " + names);
    }
  }

  /** A table without snapshots to read as of an instant. */
  public LakeTable(String name, List<ResultColumn> columns, List<String> key, Set<String> jsonColumns) {
    this(name, columns, key, jsonColumns, null);
  }

  /** The table as the catalog publishes it. */
  public static LakeTable of(CatalogTable table) {
    return new LakeTable(table.name(),
        table.columns().stream().filter(c -> !c.name().equals(LakeLayout.DAY_KEY)).toList(),
        table.primaryKey(), Set.copyOf(table.jsonColumns()), table.iceberg());
  }

  /** The same table with the key and JSON columns a fixed route of the contract declares for it. */
  LakeTable declared(List<String> declaredKey, Set<String> declaredJson) {
    return new LakeTable(name, columns, declaredKey, declaredJson, iceberg);
  }

  public Optional<ResultColumn> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
