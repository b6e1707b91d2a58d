package io.lakeport.source;

import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The rules every source applies the same way: which tables to copy and which watermark column to use. */
final class Discovery {

  private Discovery() {
  }

  /**
   * The tables to copy: {@code requested} in its order when not empty, else all {@code available} sorted.
   *
   * @throws UnknownTableException naming every requested table that does not exist
   */
  static List<String> select(SourceConfig config, String where, Collection<String> available, List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return new ArrayList<>(new TreeSet<>(available));
    }
    List<String> missing = requested.stream().filter(t -> !available.contains(t)).toList();
    if (!missing.isEmpty()) {
      throw new UnknownTableException("source '" + config.name() + "': " + (missing.size() == 1 ? "table " : "tables ")
          + String.join(", ", missing.stream().map(t -> "'" + t + "'").toList()) + " not found in " + where
          + " (found: " + String.join(", ", new TreeSet<>(available)) + ")");
    }
    return List.copyOf(requested);
  }

  /**
   * The watermark column by source name or lake name; null when {@code name} is null.
   *
   * @throws IllegalArgumentException when the column does not exist or its type has no usable order
   */
  static Column watermarkColumn(SourceConfig config, TableSchema table, String name) {
    if (name == null) {
      return null;
    }
    Column found = null;
    for (Column column : table.columns()) {
      if (column.name().equals(name)) {
        found = column;
        break;
      }
    }
    if (found == null) {
      for (Column column : table.columns()) {
        if (column.lakeName().equals(name)) {
          found = column;
          break;
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(describe(config, table.table()) + ": watermark column '" + name
          + "' does not exist");
    }
    LakeType type = found.type();
    if (type instanceof LakeType.Array || type instanceof LakeType.Row || type == LakeType.Primitive.JSON
        || type == LakeType.Primitive.VARBINARY || type == LakeType.Primitive.BOOLEAN) {
      throw new IllegalArgumentException(describe(config, table.table()) + ": watermark column '" + name
          + "' has type " + type.sql() + "; a watermark needs an ordered scalar (number, date, timestamp, text)");
    }
    return found;
  }

  static String describe(SourceConfig config, String table) {
    return "source '" + config.name() + "' table '" + table + "'";
  }
}
