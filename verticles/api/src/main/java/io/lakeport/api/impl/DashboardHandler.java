package io.lakeport.api.impl;

import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.ResultPage;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/dashboard}: the key figures of the three services from one engine query. */
public final class DashboardHandler implements Handler<RoutingContext> {

  private final QueryService queries;
  private final Queries sql;
  private final QueryOptions options;

  public DashboardHandler(QueryService queries, Queries sql, QueryOptions options) {
    this.queries = queries;
    this.sql = sql;
    this.options = options;
  }

  @Override
  public void handle(RoutingContext rc) {
    queries.query(sql.dashboard(), options, 1)
        .onSuccess(page -> Responses.ok(rc, toJson(page)))
        .onFailure(e -> Responses.fail(rc, Problems.fromFixedQuery(e)));
  }

  static JsonObject toJson(ResultPage page) {
    if (page.rows().size() != 1) {
      throw new IllegalStateException("the dashboard query answered " + page.rows().size() + " rows, expected 1");
    }
    Row row = new Row(page);
    return new JsonObject()
        .put("usuarios", new JsonObject()
            .put("total", row.count("usuarios_total"))
            .put("activos", row.count("usuarios_activos")))
        .put("productos", new JsonObject()
            .put("total", row.count("productos_total"))
            .put("porCategoria", row.counts("productos_por_categoria")))
        .put("pedidos", new JsonObject()
            .put("total", row.count("pedidos_total"))
            .put("ingresos", Rows.plain(row.amount("pedidos_ingresos")))
            .put("porEstado", row.counts("pedidos_por_estado")))
        .put("clientes", new JsonObject()
            .put("total", row.count("clientes_total"))
            .put("activos", row.count("clientes_activos")))
        .put("facturas", new JsonObject()
            .put("total", row.count("facturas_total"))
            .put("pendientes", row.count("facturas_pendientes"))
            .put("importePendiente", Rows.plain(row.amount("facturas_importe_pendiente"))))
        .put("pagos", new JsonObject()
            .put("total", row.count("pagos_total"))
            .put("importeConfirmado", Rows.plain(row.amount("pagos_importe_confirmado"))))
        .put("logs", new JsonObject()
            .put("total", row.count("logs_total"))
            .put("porNivel", row.counts("logs_por_nivel")))
        .put("sesiones", new JsonObject()
            .put("total", row.count("sesiones_total")))
        .put("eventos", new JsonObject()
            .put("total", row.count("eventos_total"))
            .put("porTipo", row.counts("eventos_por_tipo")));
  }

  private record Row(ResultPage page, List<Object> values) {
    Row(ResultPage page) {
      this(page, page.rows().getFirst());
    }

    Object get(String column) {
      return values.get(Rows.indexOf(page.columns(), column));
    }

    long count(String column) {
      Object value = get(column);
      return value == null ? 0L : ((Number) value).longValue();
    }

    BigDecimal amount(String column) {
      Object value = get(column);
      return switch (value) {
        case null -> BigDecimal.ZERO;
        case BigDecimal d -> d;
        case Number n -> new BigDecimal(n.toString());
        default -> new BigDecimal(value.toString());
      };
    }

    /** A histogram (map of value to count), sorted by value; null values of the column count under "null". */
    JsonObject counts(String column) {
      Object value = get(column);
      Map<String, Object> sorted = new TreeMap<>();
      if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> sorted.put(String.valueOf(k), ((Number) v).longValue()));
      }
      return new JsonObject(sorted);
    }
  }
}
