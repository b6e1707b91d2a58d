package io.lakeport.schema;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeTypeTest {

  @ParameterizedTest
  @ValueSource(strings = {"bigint", "decimal(12,2)", "array(varchar)", "timestamp",
      "row(tipo varchar, so varchar, pantalla row(ancho integer, alto integer))",
      "array(row(sku varchar, cantidad bigint, precio decimal(38,10)))"})
  void textFormRoundTrips(String text) {
    assertThat(LakeType.parse(text).sql()).isEqualTo(text);
  }

  @Test
  void parsesIntoStructure() {
    LakeType type = LakeType.parse("row(a bigint, b array(decimal(10,3)))");
    assertThat(type).isEqualTo(new LakeType.Row(List.of(
        new LakeType.Field("a", LakeType.Primitive.BIGINT),
        new LakeType.Field("b", new LakeType.Array(new LakeType.Decimal(10, 3))))));
  }

  @Test
  void rejectsUnknownTypesAndBadDecimals() {
    assertThatThrownBy(() -> LakeType.parse("money")).hasMessageContaining("unknown type 'money'");
    assertThatThrownBy(() -> LakeType.parse("decimal(40,2)")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> LakeType.parse("bigint extra")).hasMessageContaining("unexpected");
  }

  @Test
  void lakeNamesAreLowerCaseUniqueAndDotFree() {
    LakeNames names = new LakeNames();
    assertThat(names.assign("id")).isEqualTo("id");
    assertThat(names.assign("Nombre")).isEqualTo("nombre");
    assertThat(names.assign("nombre")).isEqualTo("nombre_2");
    assertThat(names.assign("geo.lat")).isEqualTo("geo_lat");
    assertThat(names.warnings()).containsExactly(
        "column 'nombre' is stored as 'nombre_2' because 'nombre' is taken (names are compared case-insensitively)",
        "column 'geo.lat' is stored as 'geo_lat' (only letters, digits and _ are kept)");
  }

  @Test
  void partitionKeysAreReservedForTheEngines() {
    LakeNames names = new LakeNames();
    assertThat(names.assign("DT")).isEqualTo("dt_2");
    assertThat(names.assign("snapshot")).isEqualTo("snapshot_2");
    assertThat(names.warnings()).containsExactly(
        "column 'DT' is stored as 'dt_2' because 'dt' is a partition key of every lake table",
        "column 'snapshot' is stored as 'snapshot_2' because 'snapshot' is a partition key of every lake table");
  }
}
