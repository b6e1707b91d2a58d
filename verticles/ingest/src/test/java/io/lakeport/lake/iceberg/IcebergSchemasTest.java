package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig.SourceKind;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The source-schema to Iceberg-schema mapping of docs/lake-format.md ("Iceberg tables"). */
class IcebergSchemasTest {

  private static Schema one(LakeType type, String sourceType, SourceKind kind) {
    return IcebergSchemas.of(new TableSchema("s", "t", List.of(new Column("c", "c", type, true, sourceType)),
        List.of(), List.of()), kind);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "boolean        | boolean",
      "integer        | int",
      "bigint         | long",
      "double         | double",
      "varchar        | string",
      "date           | date",
      "varbinary      | binary",
      "json           | string",
      "decimal(38,18) | decimal(38, 18)",
      "array(bigint)  | list<long>",
      "row(a varchar, b array(row(d timestamp))) | struct<2: a: optional string, 3: b: optional list<struct<5: d: optional timestamptz>>>",
  })
  void everyLakeTypeHasAnIcebergType(String lakeType, String icebergType) {
    Types.NestedField field = one(LakeType.parse(lakeType), "x", SourceKind.MONGODB).findField("c");
    // Nested field ids follow the columns' (1 here): a row's fields, then each list's element and its fields.
    assertThat(field.type().toString()).isEqualTo(icebergType);
    assertThat(field.doc()).isEqualTo(lakeType.equals("json") ? IcebergSchemas.JSON_DOC : null);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "POSTGRESQL | timestamptz                 | true",
      "POSTGRESQL | timestamp                   | false",
      "POSTGRESQL | timestamp with time zone    | true",
      "MYSQL      | timestamp                   | true",
      "MYSQL      | timestamp(6)                | true",
      "MYSQL      | datetime                    | false",
      "MONGODB    | date                        | true",
      "JDBC       | 2014:TIMESTAMP_WITH_TIMEZONE | true",
      "JDBC       | 93:TIMESTAMP                | false",
  })
  void timestampsAreInstantsOnlyWhereTheSourceKeepsAZone(SourceKind kind, String sourceType, boolean zoned) {
    Types.TimestampType type = (Types.TimestampType) one(LakeType.Primitive.TIMESTAMP, sourceType, kind)
        .findField("c").type();
    assertThat(type.shouldAdjustToUTC()).isEqualTo(zoned);
  }

  @Test
  void aNotNullPrimaryKeyIsRequiredAndTheIdentifierEveryOtherColumnOptional() {
    Schema schema = IcebergSchemas.of(new TableSchema("s", "t", List.of(
        new Column("id", "id", LakeType.Primitive.BIGINT, false, "int8"),
        new Column("code", "code", LakeType.Primitive.VARCHAR, false, "text")), List.of("id"), List.of()),
        SourceKind.POSTGRESQL);
    assertThat(schema.findField("id").isRequired()).isTrue();
    assertThat(schema.findField("code").isOptional()).as("NOT NULL outside the key is not enforced").isTrue();
    assertThat(schema.identifierFieldNames()).containsExactly("id");

    Schema nullableKey = IcebergSchemas.of(new TableSchema("s", "t", List.of(
        new Column("id", "id", LakeType.Primitive.BIGINT, true, "int8")), List.of("id"), List.of()), SourceKind.MYSQL);
    assertThat(nullableKey.identifierFieldNames()).as("a nullable key cannot identify rows").isEmpty();
  }
}
