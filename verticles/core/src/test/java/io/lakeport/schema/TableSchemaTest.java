package io.lakeport.schema;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableSchemaTest {

  private final TableSchema pedidos = new TableSchema("ms1", "pedidos", List.of(
      new Column("id", "id", LakeType.Primitive.BIGINT, false, "bigint"),
      new Column("Estado", "estado", LakeType.Primitive.VARCHAR, false, "enum"),
      new Column("tienda", "tienda", LakeType.Primitive.INTEGER, false, "int"),
      new Column("total", "total", new LakeType.Decimal(12, 2), false, "decimal(12,2)")),
      List.of("id", "tienda"), List.of("Estado renamed to estado"));

  @Test
  void aProjectionKeepsTheNamedColumnsInSourceOrderAndTheKeyAmongThem() {
    TableSchema keys = pedidos.project(List.of("tienda", "id"));
    assertThat(keys.columns()).extracting(Column::lakeName).containsExactly("id", "tienda");
    assertThat(keys.primaryKey()).containsExactly("id", "tienda");
    assertThat(keys.warnings()).as("reported with the whole table").isEmpty();
    assertThat(keys.source()).isEqualTo("ms1");
    assertThat(keys.table()).isEqualTo("pedidos");

    TableSchema one = pedidos.project(List.of("estado"));
    assertThat(one.columns()).extracting(Column::name).containsExactly("Estado");
    assertThat(one.primaryKey()).as("the key columns not projected").isEmpty();
  }

  @Test
  void aProjectionOfAColumnTheTableLacksNamesIt() {
    assertThatThrownBy(() -> pedidos.project(List.of("id", "nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column nope in ms1.pedidos");
  }
}
