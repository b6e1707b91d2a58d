package io.lakeport.api;

import io.lakeport.api.impl.TableHandlers;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's fixed routes ({@code x-lakeport-rows}) over the demo tables: the columns they answer (the
 * tables' data columns, as {@link DemoLake} publishes them the way an ingest run does) are exactly the
 * properties their row schemas promise, and the key and JSON columns they declare are the tables' own.
 */
@ExtendWith(VertxExtension.class)
class QueriesContractTest {

  private static final Map<String, TableSchema> DEMO = DemoLake.schemas().stream()
      .collect(Collectors.toMap(t -> t.source() + "_" + t.table(), t -> t));

  private record Route(String operationId, TableHandlers.FixedRoute route, String rowSchema) {
  }

  private static List<Route> routes(JsonObject contract) {
    JsonObject schemas = contract.getJsonObject("components").getJsonObject("schemas");
    JsonObject paths = contract.getJsonObject("paths");
    return paths.fieldNames().stream().map(paths::getJsonObject)
        .filter(path -> path.containsKey("get"))
        .map(path -> path.getJsonObject("get"))
        .filter(get -> get.containsKey(TableHandlers.FixedRoute.EXTENSION))
        .map(get -> {
          String ref = get.getJsonObject("responses").getJsonObject("200").getJsonObject("content")
              .getJsonObject("application/json").getJsonObject("schema").getString("$ref");
          String schema = ref.substring(ref.lastIndexOf('/') + 1);
          JsonObject items = schemas.getJsonObject(schema).getJsonObject("properties").getJsonObject("items");
          if (items != null) {
            String itemRef = items.getJsonObject("items").getString("$ref");
            schema = itemRef.substring(itemRef.lastIndexOf('/') + 1);
          }
          return new Route(get.getString("operationId"),
              TableHandlers.FixedRoute.of(get.getMap()).orElseThrow(),
              schema);
        })
        .toList();
  }

  @Test
  void listingColumnsMatchTheRowSchemas(Vertx vertx) throws Exception {
    JsonObject contract = ApiContract.load(vertx).await(30, TimeUnit.SECONDS).raw();
    JsonObject schemas = contract.getJsonObject("components").getJsonObject("schemas");
    List<Route> routes = routes(contract);
    assertThat(routes).hasSize(12);
    for (Route route : routes) {
      TableSchema table = DEMO.get(route.route().table());
      assertThat(table).as(route.operationId() + " names a demo table").isNotNull();
      List<String> columns = table.columns().stream().map(Column::lakeName).toList();
      JsonObject row = schemas.getJsonObject(route.rowSchema());
      assertThat(row.getJsonObject("properties").fieldNames()).as(route.rowSchema()).containsExactlyInAnyOrderElementsOf(columns);
      assertThat(row.getJsonArray("required").getList()).as(route.rowSchema()).containsExactlyInAnyOrderElementsOf(columns);
      assertThat(route.route().key()).as(route.operationId()).isEqualTo(table.primaryKey());
      assertThat(route.route().jsonColumns()).as(route.operationId()).containsExactlyInAnyOrderElementsOf(
          table.columns().stream().filter(c -> c.type() == LakeType.Primitive.JSON).map(Column::lakeName).toList());
      assertThat(columns).as(route.operationId() + " filters").containsAll(route.route().filters().keySet());
    }
  }

  @Test
  void everyDemoTableHasAListing(Vertx vertx) throws Exception {
    List<Route> routes = routes(ApiContract.load(vertx).await(30, TimeUnit.SECONDS).raw());
    Set<String> listed = new HashSet<>();
    routes.stream().filter(r -> r.route().filters().isEmpty() && !r.route().lookup())
        .forEach(r -> assertThat(listed.add(r.route().table())).as(r.operationId()).isTrue());
    assertThat(listed).containsExactlyInAnyOrderElementsOf(DEMO.keySet());
  }
}
