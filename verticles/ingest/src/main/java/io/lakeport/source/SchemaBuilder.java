package io.lakeport.source;

import io.lakeport.schema.Column;
import io.lakeport.schema.LakeNames;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One discovered table's schema, built the way every SQL source builds it: lake names assigned in column
 * order, their renaming warnings before the type warnings, the primary key by lake name.
 */
final class SchemaBuilder {

  private final LakeNames lakeNames = new LakeNames();
  private final List<String> warnings = new ArrayList<>();
  private final List<Column> columns = new ArrayList<>();
  private final Map<String, String> lakeNameOf = new LinkedHashMap<>();

  /** Where the type mapping notes what it had to narrow. */
  List<String> warnings() {
    return warnings;
  }

  /** Adds the next column, in the table's order. */
  void add(String name, LakeType type, boolean nullable, String sourceType) {
    String lakeName = lakeNames.assign(name);
    lakeNameOf.put(name, lakeName);
    columns.add(new Column(name, lakeName, type, nullable, sourceType));
  }

  /** The schema, with the primary key given by source column names in key order. */
  TableSchema build(String source, String table, List<String> primaryKey) {
    List<String> all = new ArrayList<>(lakeNames.warnings());
    all.addAll(warnings);
    return new TableSchema(source, table, columns, primaryKey.stream().map(lakeNameOf::get).toList(), all);
  }
}
