package io.lakeport.catalog;

import io.lakeport.schema.LakeType;

import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The column types of a lake table declared in a Hive metastore (OpenX JSON tables), the one mapping of
 * {@link LakeType}s both dialects write: Athena in Hive DDL, Trino through its Hive connector. What the two
 * spell differently is data: the names of five primitive types and how arrays and rows are written. Boolean,
 * bigint, double, date and decimal are named alike.
 *
 * @param integer        the name of {@link LakeType.Primitive#INTEGER}
 * @param varchar        the name of {@link LakeType.Primitive#VARCHAR}
 * @param timestamp      the name of {@link LakeType.Primitive#TIMESTAMP}
 * @param varbinary      the name of {@link LakeType.Primitive#VARBINARY}
 * @param json           the name of {@link LakeType.Primitive#JSON}
 * @param array          an array type, {@code %s} standing for the element's type
 * @param row            a row type, {@code %s} standing for its fields
 * @param fieldName      a row field's name as the dialect quotes it
 * @param fieldType      what stands between a row field's name and its type
 * @param fieldSeparator what stands between two row fields
 */
record HiveColumnTypes(String integer, String varchar, String timestamp, String varbinary, String json,
                       String array, String row, UnaryOperator<String> fieldName, String fieldType,
                       String fieldSeparator) {

  String of(LakeType type) {
    return switch (type) {
      case LakeType.Primitive p -> switch (p) {
        case BOOLEAN -> "boolean";
        case INTEGER -> integer;
        case BIGINT -> "bigint";
        case DOUBLE -> "double";
        case VARCHAR -> varchar;
        case DATE -> "date";
        case TIMESTAMP -> timestamp;
        case VARBINARY -> varbinary;
        case JSON -> json;
      };
      case LakeType.Decimal d -> "decimal(" + d.precision() + "," + d.scale() + ")";
      case LakeType.Array a -> array.formatted(of(a.element()));
      case LakeType.Row r -> row.formatted(r.fields().stream()
          .map(f -> fieldName.apply(f.name()) + fieldType + of(f.type()))
          .collect(Collectors.joining(fieldSeparator)));
    };
  }
}
