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

  @Test
  void decimalsArePlainAndZonedTimestampsAreRfc3339Utc() {
    List<ResultColumn> columns = List.of(new ResultColumn("cero", "decimal(18,9)"),
        new ResultColumn("chico", "decimal(18,9)"), new ResultColumn("pagado_en", "timestamp(6) with time zone"),
        new ResultColumn("madrid", "timestamp(3) with time zone"), new ResultColumn("local", "timestamp(6)"));
    List<Object> row = Arrays.asList(new BigDecimal("0.000000000"), new BigDecimal("0.000000001"),
        "2024-01-07 02:11:59.000000 UTC", "2024-01-07 03:11:59.250 Europe/Madrid", "2024-01-07 02:11:59.000000");
    String text = Rows.row(columns, row).encode();
    assertThat(text).doesNotContain("E-")
        .contains("\"cero\":0.000000000").contains("\"chico\":0.000000001")
        .contains("\"pagado_en\":\"2024-01-07T02:11:59.000000Z\"")
        .contains("\"madrid\":\"2024-01-07T02:11:59.250Z\"")
        .contains("\"local\":\"2024-01-07 02:11:59.000000\"");
    assertThat(Rows.utcTimestamp("2024-01-07 02:11:59 +01:00")).isEqualTo("2024-01-07T01:11:59Z");
    assertThat(new JsonObject().put("n", Rows.plain(new BigDecimal("1E-12"))).encode()).isEqualTo("{\"n\":0.000000000001}");
  }
}
