package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig.SourceKind;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.schema.ZonedColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Iceberg schema of a source table, from its {@link TableSchema} (never from the data). The mapping is
 * written down in docs/lake-format.md ("Iceberg tables"). Columns keep their lake names and source order;
 * field ids are 1..n for the columns, nested fields after them. The primary key columns, when all are
 * NOT NULL, are the schema's identifier fields (what an upsert matches on).
 */
public final class IcebergSchemas {

  /** The doc of a string field that holds JSON text (lake type {@code json}). */
  public static final String JSON_DOC = "json";

  private IcebergSchemas() {
  }

  public static Schema of(TableSchema table, SourceKind kind) {
    AtomicInteger ids = new AtomicInteger(table.columns().size());
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 0;
    for (Column column : table.columns()) {
      id++;
      boolean required = !column.nullable() && table.primaryKey().contains(column.lakeName());
      fields.add(Types.NestedField.of(id, !required, column.lakeName(), type(column, kind, ids), doc(column.type())));
    }
    Set<Integer> identifiers = new HashSet<>();
    for (String key : table.primaryKey()) {
      for (Types.NestedField field : fields) {
        if (field.name().equals(key) && field.isRequired()) {
          identifiers.add(field.fieldId());
        }
      }
    }
    if (identifiers.size() != table.primaryKey().size()) {
      identifiers.clear();
    }
    return new Schema(fields, identifiers);
  }

  private static Type type(Column column, SourceKind kind, AtomicInteger ids) {
    if (column.type() == LakeType.Primitive.TIMESTAMP) {
      return ZonedColumns.zoned(column, kind) ? Types.TimestampType.withZone() : Types.TimestampType.withoutZone();
    }
    return type(column.type(), ids);
  }

  /** Iceberg type of a lake type; a {@code timestamp} nested in an array or row is a UTC instant (Mongo dates). */
  static Type type(LakeType type, AtomicInteger ids) {
    return switch (type) {
      case LakeType.Primitive p -> switch (p) {
        case BOOLEAN -> Types.BooleanType.get();
        case INTEGER -> Types.IntegerType.get();
        case BIGINT -> Types.LongType.get();
        case DOUBLE -> Types.DoubleType.get();
        case VARCHAR -> Types.StringType.get();
        case DATE -> Types.DateType.get();
        case TIMESTAMP -> Types.TimestampType.withZone();
        case VARBINARY -> Types.BinaryType.get();
        // JSON text: neither Trino nor Athena reads an Iceberg variant, both have json_extract on varchar.
        case JSON -> Types.StringType.get();
      };
      case LakeType.Decimal d -> Types.DecimalType.of(d.precision(), d.scale());
      case LakeType.Array a -> {
        int elementId = ids.incrementAndGet();
        yield Types.ListType.ofOptional(elementId, type(a.element(), ids));
      }
      case LakeType.Row r -> {
        List<Types.NestedField> fields = new ArrayList<>();
        for (LakeType.Field f : r.fields()) {
          int fieldId = ids.incrementAndGet();
          fields.add(Types.NestedField.optional(fieldId, f.name(), type(f.type(), ids), doc(f.type())));
        }
        yield Types.StructType.of(fields);
      }
    };
  }

  /** The top-level {@code timestamptz} columns of a table schema. */
  public static List<String> zonedColumns(Schema schema) {
    return schema.columns().stream()
        .filter(f -> f.type() instanceof Types.TimestampType t && t.shouldAdjustToUTC())
        .map(Types.NestedField::name).toList();
  }

  private static String doc(LakeType type) {
    return type == LakeType.Primitive.JSON ? JSON_DOC : null;
  }
}
