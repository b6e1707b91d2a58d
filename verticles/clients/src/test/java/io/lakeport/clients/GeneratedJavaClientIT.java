package io.lakeport.clients;

import io.lakeport.app.DemoLakeport;
import io.lakeport.client.ApiClient;
import io.lakeport.client.ApiException;
import io.lakeport.client.api.IngestionsApi;
import io.lakeport.client.api.QueriesApi;
import io.lakeport.client.api.TablesApi;
import io.lakeport.client.model.CustomQueryRequest;
import io.lakeport.client.model.Factura;
import io.lakeport.client.model.FacturaPage;
import io.lakeport.client.model.IngestionAccepted;
import io.lakeport.client.model.IngestionRequest;
import io.lakeport.client.model.IngestionRun;
import io.lakeport.client.model.IngestionTable;
import io.lakeport.client.model.NonFiniteDouble;
import io.lakeport.client.model.Pago;
import io.lakeport.client.model.PagoPage;
import io.lakeport.client.model.Pedido;
import io.lakeport.client.model.PedidoPage;
import io.lakeport.client.model.QueryExecution;
import io.lakeport.client.model.QueryRequest;
import io.lakeport.client.model.QueryResult;
import io.lakeport.client.model.QueryResultPage;
import io.lakeport.client.model.Sesion;
import io.lakeport.client.model.SesionPage;
import io.lakeport.testkit.Await;
import io.lakeport.testkit.LocalStackExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client openapi-generator makes from openapi.yaml ({@code java} generator, {@code native} library,
 * generated into target/ by this module's build) against a real Lakeport: the jar runs {@code conf/local.yaml}'s
 * ingest and api groups on the local stack, with scratch buckets and a scratch Trino schema. Through the client
 * only, it ingests the demo sources ms1 (MariaDB) and ms2 (PostgreSQL) and ms3 (Mongo) and follows each run to its
 * end, pages through a listing, looks a row up, runs a custom query and an asynchronous one whose results it pages
 * through; the rows of the reshaped schemas (JSON columns, doubles that may be NaN, Mongo sub-documents) are read as
 * the generated types. Row counts are the demo data's (init-scripts/README.md).
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedJavaClientIT {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

  private static DemoLakeport lakeport;
  private static TablesApi tables;
  private static QueriesApi queries;
  private static IngestionsApi ingestions;

  @BeforeAll
  static void runLakeport() throws Exception {
    lakeport = DemoLakeport.start("clients");
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + lakeport.apiPort());
    client.setReadTimeout(Duration.ofMinutes(2));
    tables = new TablesApi(client);
    queries = new QueriesApi(client);
    ingestions = new IngestionsApi(client);
  }

  @AfterAll
  static void stop() throws Exception {
    if (lakeport != null) {
      lakeport.close();
    }
  }

  @Test
  @Order(1)
  void triggersEachIngestAndFollowsItToItsEnd() throws Exception {
    Map<String, Map<String, Long>> expected = Map.of(
        "ms1", Map.of("usuarios", 500L, "productos", 200L, "pedidos", 3000L),
        "ms2", Map.of("clientes", 400L, "facturas", 2000L, "pagos", 2630L),
        "ms3", Map.of("logs", 3000L, "sesiones", 1000L, "eventos", 2500L));
    for (String source : DemoLakeport.SOURCES) {
      IngestionAccepted accepted = ingestions.startIngestion(
          new IngestionRequest().source(source).mode(IngestionRequest.ModeEnum.FULL));
      assertThat(accepted.getRunId()).isNotBlank();
      IngestionRun run = Await.value("run " + accepted.getRunId() + " of " + source + " to end", RUN_TIMEOUT,
          () -> ingestions.getIngestion(accepted.getRunId()), r -> r.getState() != IngestionRun.StateEnum.RUNNING);
      assertThat(run.getState()).as(run.toString()).isEqualTo(IngestionRun.StateEnum.SUCCEEDED);
      assertThat(run.getSource()).isEqualTo(source);
      assertThat(run.getEndedAt()).isAfterOrEqualTo(run.getStartedAt());
      Map<String, Long> rows = new TreeMap<>();
      for (IngestionTable table : run.getTables()) {
        rows.put(table.getTable(), table.getRows().longValue());
      }
      assertThat(rows).as(source).isEqualTo(expected.get(source));
      assertThat(ingestions.listIngestions(source, null).getRuns()).extracting(IngestionRun::getRunId)
          .contains(accepted.getRunId());
    }
  }

  @Test
  @Order(2)
  void pagesThroughAListingSeeingEachRowOnce() throws Exception {
    List<Integer> ids = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      PedidoPage page = tables.listPedidos(700, token);
      assertThat(page.getCount()).isEqualTo(page.getItems().size());
      page.getItems().forEach(p -> ids.add(p.getId()));
      token = page.getNextToken();
      pages++;
    } while (token != null && pages < 100);
    assertThat(pages).isEqualTo(5);
    assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).boxed().toList());
  }

  @Test
  @Order(3)
  void looksARowUpAndGetsAProblemForAMissingOne() throws Exception {
    Pedido listed = tables.listPedidos(42, null).getItems().getLast();
    Pedido pedido = tables.getPedido(42L);
    assertThat(pedido.getId()).isEqualTo(42);
    assertThat(pedido).isEqualTo(listed);
    assertThat(pedido.getTotal()).isPositive();
    assertThatThrownBy(() -> tables.getPedido(999_999L)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getCode()).isEqualTo(404);
      assertThat(e.getResponseBody()).contains("urn:lakeport:problem:not-found");
    });
  }

  @Test
  @Order(4)
  void readsTheReshapedSchemasAsTheGeneratedTypes() throws Exception {
    // Factura.lineas: a JSON column that is an object or an array (JsonDocument, typed as any JSON).
    FacturaPage facturas = tables.listFacturas(1000, null);
    assertThat(facturas.getItems()).hasSize(1000);
    for (Factura factura : facturas.getItems()) {
      assertThat(factura.getLineas()).as("lineas of factura %s", factura.getId()).isNotNull();
      assertThat(factura.getLineas()).isInstanceOfAny(Map.class, List.class);
    }
    // Pago.tasa_cambio: a double that may be null (NullableDouble), a number or one of the non-finite strings.
    List<Object> rates = new ArrayList<>();
    String token = null;
    do {
      PagoPage page = tables.listPagos(1000, token);
      for (Pago pago : page.getItems()) {
        rates.add(pago.getTasaCambio() == null ? null : pago.getTasaCambio().getActualInstance());
      }
      token = page.getNextToken();
    } while (token != null);
    assertThat(rates).hasSize(2630).anySatisfy(r -> assertThat(r).isInstanceOf(BigDecimal.class))
        .allSatisfy(r -> {
          if (r != null) {
            assertThat(r).isInstanceOfAny(BigDecimal.class, NonFiniteDouble.class);
          }
        });
    // Sesion: Mongo sub-documents, null or an object with its members (NullableJsonObject: a map).
    SesionPage sesiones = tables.listSesiones(200, null);
    assertThat(sesiones.getItems()).hasSize(200);
    List<Map<String, Object>> dispositivos = sesiones.getItems().stream().map(Sesion::getDispositivo).toList();
    assertThat(dispositivos).anySatisfy(d -> assertThat(d).isNotNull().isNotEmpty());
  }

  @Test
  @Order(5)
  void runsACustomQuery() throws Exception {
    QueryResult result = queries.runCustomQuery(new CustomQueryRequest()
        .sql("SELECT estado, count(*) AS pedidos FROM ms1_pedidos GROUP BY estado ORDER BY estado"));
    assertThat(result.getColumns()).extracting(c -> c.getName()).containsExactly("estado", "pedidos");
    assertThat(result.getTruncated()).isFalse();
    Map<String, Long> byEstado = new TreeMap<>();
    result.getRows().forEach(r -> byEstado.put((String) r.get("estado"), ((Number) r.get("pedidos")).longValue()));
    assertThat(byEstado).containsEntry("pendiente", 507L).containsEntry("pagado", 508L);
    assertThat(byEstado.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000L);
  }

  @Test
  @Order(6)
  void runsAnAsynchronousQueryAndPagesThroughItsResults() throws Exception {
    QueryExecution submitted = queries.submitQuery(new QueryRequest().sql("SELECT id FROM ms1_pedidos ORDER BY id"));
    QueryExecution done = Await.value("query " + submitted.getId() + " to end", QUERY_TIMEOUT,
        () -> queries.getQuery(submitted.getId()),
        q -> q.getState() != QueryExecution.StateEnum.QUEUED && q.getState() != QueryExecution.StateEnum.RUNNING);
    assertThat(done.getState()).as(done.toString()).isEqualTo(QueryExecution.StateEnum.SUCCEEDED);
    List<Long> ids = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      QueryResultPage page = queries.getQueryResults(submitted.getId(), 1000, token);
      assertThat(page.getCount()).isEqualTo(page.getRows().size());
      page.getRows().forEach(r -> ids.add(((Number) r.get("id")).longValue()));
      token = page.getNextToken();
      pages++;
    } while (token != null && pages < 100);
    assertThat(pages).isEqualTo(3);
    assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).mapToObj(i -> (long) i).toList());
  }
}
