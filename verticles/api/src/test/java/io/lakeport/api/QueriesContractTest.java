package io.lakeport.api;

import io.lakeport.api.impl.Queries;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The columns the listings select are exactly the properties the contract's row schemas promise. */
@ExtendWith(VertxExtension.class)
class QueriesContractTest {

  private static final Map<String, Queries.Table> SCHEMAS = Map.of(
      "Usuario", Queries.USUARIOS, "Pedido", Queries.PEDIDOS, "Producto", Queries.PRODUCTOS,
      "Cliente", Queries.CLIENTES, "Factura", Queries.FACTURAS, "Pago", Queries.PAGOS,
      "Log", Queries.LOGS, "Sesion", Queries.SESIONES, "Evento", Queries.EVENTOS);

  @Test
  void listingColumnsMatchTheRowSchemas(Vertx vertx) throws Exception {
    JsonObject schemas = ApiContract.load(vertx).await(30, TimeUnit.SECONDS).raw()
        .getJsonObject("components").getJsonObject("schemas");
    assertThat(SCHEMAS.values()).containsExactlyInAnyOrderElementsOf(Queries.TABLES);
    SCHEMAS.forEach((schema, table) -> {
      JsonObject row = schemas.getJsonObject(schema);
      assertThat(row.getJsonObject("properties").fieldNames()).as(schema).containsExactlyInAnyOrderElementsOf(table.columns());
      assertThat(row.getJsonArray("required").getList()).as(schema).containsExactlyInAnyOrderElementsOf(table.columns());
    });
  }

  @Test
  void everyListingHasAnOperation(Vertx vertx) throws Exception {
    ApiContract contract = ApiContract.load(vertx).await(30, TimeUnit.SECONDS);
    Queries.LISTINGS.keySet().forEach(operationId ->
        assertThat(contract.contract().operation(operationId)).as(operationId).isNotNull());
  }
}
