package io.lakeport.api.impl;

import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's figures routes: the statement's table references, and the one row as nested JSON. */
class FiguresRouteTest {

  @Test
  void tableReferencesBecomeQuotedTablesOfTheConfiguredSchema() {
    FiguresRoute route = new FiguresRoute("SELECT count(*) AS \"a.total\" FROM {ms1_t} JOIN {ms2_u} u ON true");
    assertThat(route.query("lake").sql())
        .isEqualTo("SELECT count(*) AS \"a.total\" FROM \"lake\".\"ms1_t\" JOIN \"lake\".\"ms2_u\" u ON true");
    assertThat(route.query("lake").parameters()).isEmpty();
  }

  @Test
  void aBraceThatIsNotATableReferenceIsRefusedAtStartUp() {
    for (String statement : List.of("SELECT 1 FROM {Ms1_T}", "SELECT 1 FROM {ms1 t}", "SELECT '}' FROM {t}", "")) {
      assertThatThrownBy(() -> new FiguresRoute(statement)).as(statement)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(FiguresRoute.EXTENSION);
    }
    assertThat(FiguresRoute.of(Map.of())).isEmpty();
    assertThat(FiguresRoute.of(Map.of(FiguresRoute.EXTENSION, Map.of("statement", "SELECT 1 AS \"x\"")))).isPresent();
    assertThatThrownBy(() -> FiguresRoute.of(Map.of(FiguresRoute.EXTENSION, "SELECT 1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an object");
  }

  @Test
  void eachColumnLandsAtItsDottedPathWithTheRowEndpointsValueRules() {
    Map<String, Long> histogram = new LinkedHashMap<>();
    histogram.put("z", 2L);
    histogram.put("a", 5L);
    ResultPage page = new ResultPage(List.of(new ResultColumn("pedidos.total", "bigint"),
        new ResultColumn("pedidos.ingresos", "decimal(38,2)"), new ResultColumn("pedidos.porEstado", "map(varchar, bigint)"),
        new ResultColumn("logs.porNivel", "map(varchar, bigint)"), new ResultColumn("cero", "decimal(38,9)"),
        new ResultColumn("ultimo", "timestamp(6) with time zone")),
        List.of(Arrays.asList(3000L, new BigDecimal("2119961.96"), histogram, null, new BigDecimal("0E-9"),
            "2024-01-07 03:11:59.000000 Europe/Madrid")), null);
    JsonObject answer = new FiguresRoute("SELECT 1").answer(page);
    assertThat(answer.encode()).isEqualTo("{\"pedidos\":{\"total\":3000,\"ingresos\":2119961.96,"
        + "\"porEstado\":{\"a\":5,\"z\":2}},\"logs\":{\"porNivel\":{}},\"cero\":0.000000000,"
        + "\"ultimo\":\"2024-01-07T02:11:59.000000Z\"}");
  }

  @Test
  void anAnswerThatIsNotOneRowOrPutsTwoFiguresInOnePlaceIsAnError() {
    FiguresRoute route = new FiguresRoute("SELECT 1");
    assertThatThrownBy(() -> route.answer(new ResultPage(List.of(new ResultColumn("a", "bigint")), List.of(), null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 0 rows");
    assertThatThrownBy(() -> route.answer(new ResultPage(List.of(new ResultColumn("a", "bigint"),
        new ResultColumn("a.b", "bigint")), List.of(List.of(1L, 2L)), null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("figure a.b is inside figure a");
    assertThatThrownBy(() -> route.answer(new ResultPage(List.of(new ResultColumn("a.b", "bigint"),
        new ResultColumn("a.b", "bigint")), List.of(List.of(1L, 2L)), null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two figures named a.b");
  }
}
