package io.lakeport.api.impl;

import io.lakeport.query.ResultColumn;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RowsTest {

  @Test
  void rowsBecomeObjectsKeyedByColumnAndStayValidJson() {
    List<ResultColumn> columns = List.of(new ResultColumn("id", "bigint"), new ResultColumn("tasa", "double"),
        new ResultColumn("precio", "decimal(12,2)"), new ResultColumn("geo", "row(pais varchar)"),
        new ResultColumn("tags", "array(varchar)"), new ResultColumn("nota", "varchar"));
    List<Object> row = Arrays.asList(1L, Double.NEGATIVE_INFINITY, new BigDecimal("9999999999.99"),
        Map.of("pais", "ES"), List.of("a", "b"), null);
    JsonObject json = Rows.row(columns, row);
    String text = json.encode();
    assertThat(new JsonObject(text).getString("tasa")).isEqualTo("-Infinity");
    assertThat(text).contains("\"precio\":9999999999.99").contains("\"geo\":{\"pais\":\"ES\"}")
        .contains("\"tags\":[\"a\",\"b\"]").contains("\"nota\":null");
    assertThat(Rows.value(Double.NaN)).isEqualTo("NaN");
    assertThat(Rows.value(List.of(Map.of("x", Double.POSITIVE_INFINITY))).toString()).contains("Infinity");
  }
}
