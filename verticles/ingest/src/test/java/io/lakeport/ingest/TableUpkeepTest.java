package io.lakeport.ingest;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogException;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.catalog.IcebergSource;
import io.lakeport.config.LakeportConfig;
import io.lakeport.lake.LakeStore;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.RunMode;
import io.lakeport.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TableUpkeep} through the {@link IngestCoordinator}, with a scripted catalog (no engine) and a store
 * whose requests never answer (a run parks at its first manifest write, so it stays active as long as the
 * test needs): an upkeep and a run of the same source exclude each other, the tables go one at a time, and a
 * table that fails is named without stopping the others.
 */
class TableUpkeepTest {

  private final Vertx vertx = Vertx.vertx();
  private final OnContext onContext = new OnContext(vertx);
  private final ScriptedCatalog catalog = new ScriptedCatalog();
  private final IngestCoordinator coordinator = new IngestCoordinator(new IngestServices(vertx, config(), silentStore(),
      null, catalog, null, null));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aRunIsRefusedWhileTheSourceIsUnderUpkeepAndAllowedAgainOnceItEnded() throws Exception {
    Future<UpkeepReport> upkeep = onContext.await(() -> Future.succeededFuture(coordinator.upkeep("ms1")));
    awaitCondition(() -> catalog.upkeeps.size() == 1);

    IngestRefusal refused = refusal(() -> coordinator.start(new IngestRequest("ms1", List.of("orders"), RunMode.FULL)));
    assertThat(refused.code()).isEqualTo(IngestAddresses.CONFLICT);
    assertThat(refused.getMessage()).contains("ms1").contains("under upkeep");
    assertThat(refusal(() -> coordinator.upkeep("ms1")).code()).as("a second upkeep").isEqualTo(IngestAddresses.CONFLICT);

    // The tables go one at a time: the second starts only once the first has ended.
    endUpkeepOf("ms1_orders");
    awaitCondition(() -> catalog.upkeeps.size() == 2);
    endUpkeepOf("ms1_items");
    UpkeepReport report = upkeep.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(report.succeeded()).isTrue();
    assertThat(report.tables()).extracting(UpkeepReport.TableOutcome::table).containsExactly("ms1_orders", "ms1_items");
    assertThat(catalog.order).containsExactly("ms1_orders", "ms1_items");

    String runId = onContext.await(() -> coordinator.start(new IngestRequest("ms1", List.of("orders"), RunMode.FULL)));
    assertThat(runId).startsWith("ms1-");
  }

  @Test
  void anUpkeepIsRefusedWhileARunOfTheSourceIsGoingOn() throws Exception {
    String runId = onContext.await(() -> coordinator.start(new IngestRequest("ms1", List.of("orders"), RunMode.FULL)));
    IngestRefusal refused = refusal(() -> coordinator.upkeep("ms1"));
    assertThat(refused.code()).isEqualTo(IngestAddresses.CONFLICT);
    assertThat(refused.getMessage()).contains("already ingesting").contains(runId);
    assertThat(catalog.order).isEmpty();
  }

  @Test
  void aFailedTableIsReportedByNameAndTheOthersStillRun() throws Exception {
    catalog.failing = "ms1_orders";
    UpkeepReport report = onContext.await(() -> coordinator.upkeep("ms1"));
    assertThat(report.succeeded()).isFalse();
    assertThat(catalog.order).containsExactly("ms1_orders", "ms1_items");
    UpkeepReport.TableOutcome failed = report.tables().getFirst();
    assertThat(failed.failure()).isInstanceOf(TableUpkeepException.class).hasCauseInstanceOf(CatalogException.class);
    assertThat(failed.failure().table()).isEqualTo("ms1_orders");
    assertThat(failed.failure().source()).isEqualTo("ms1");
    assertThat(failed.failure().getMessage()).contains("ms1_orders").contains("Retention specified");
    assertThat(report.tables().get(1).succeeded()).isTrue();
    JsonObject json = report.toJson();
    assertThat(json.getString("state")).isEqualTo("failed");
    assertThat(json.getJsonArray("tables").getJsonObject(0).getString("error")).contains("ms1_orders");
    // The JSON Lines source has no Iceberg tables: refused, not an empty upkeep.
    assertThat(refusal(() -> coordinator.upkeep("ms2")).code()).isEqualTo(IngestAddresses.BAD_REQUEST);
    assertThat(refusal(() -> coordinator.upkeep("nope")).code()).isEqualTo(IngestAddresses.NOT_FOUND);
  }

  /** Ends a table's upkeep on the coordinator's context, where the engine's answer would arrive. */
  private void endUpkeepOf(String table) throws Exception {
    onContext.await(() -> {
      catalog.upkeeps.get(table).complete();
      return Future.succeededFuture();
    });
  }

  private <T> IngestRefusal refusal(java.util.function.Supplier<Future<T>> step) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> onContext.await(step));
    assertThat(e.getCause()).isInstanceOf(IngestRefusal.class);
    return (IngestRefusal) e.getCause();
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static LakeportConfig config() {
    JsonObject mysql = new JsonObject().put("kind", "mysql").put("host", "127.0.0.1").put("database", "ms1")
        .put("user", "root").put("tables", List.of("orders", "items"));
    return LakeportConfig.from(new JsonObject()
        .put("groups", List.of("ingest"))
        .put("lake", new JsonObject().put("iceberg", new JsonObject()
            .put("uri", "jdbc:postgresql://127.0.0.1:5432/lakeport_catalog").put("warehouse", "s3://warehouse/")))
        .put("sources", new JsonObject()
            .put("ms1", mysql.copy().put("bucket", "raw-ms1").put("format", "iceberg"))
            .put("ms2", mysql.copy().put("bucket", "raw-ms2").put("format", "jsonl"))), "TableUpkeepTest");
  }

  /** A store whose every request stays unanswered. */
  private LakeStore silentStore() {
    S3AsyncClient s3 = (S3AsyncClient) Proxy.newProxyInstance(S3AsyncClient.class.getClassLoader(),
        new Class<?>[] {S3AsyncClient.class}, (proxy, method, args) -> switch (method.getName()) {
          case "close" -> null;
          case "serviceName" -> "s3";
          case "toString" -> "silent S3";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> new CompletableFuture<>();
        });
    return new LakeStore(s3, vertx.getOrCreateContext());
  }

  /**
   * The engine views of two Iceberg tables of ms1's bucket, one of another bucket and one JSON Lines table;
   * each upkeep waits until the test completes it, unless it is the failing table's.
   */
  private static final class ScriptedCatalog implements Catalog {
    final Map<String, Promise<Void>> upkeeps = new ConcurrentHashMap<>();
    final List<String> order = new CopyOnWriteArrayList<>();
    volatile String failing;

    @Override
    public Future<Void> publish(CommittedTable table) {
      return Future.failedFuture("not under test");
    }

    @Override
    public Future<List<CatalogTable>> tables() {
      return Future.succeededFuture(List.of(
          iceberg("ms1_orders", "s3://raw-ms1/iceberg/orders"),
          new CatalogTable("ms1_legacy", List.of(), "s3://raw-ms1/legacy/snapshot=x/"),
          iceberg("ms1_items", "s3://raw-ms1/iceberg/items"),
          iceberg("ms9_orders", "s3://raw-ms9/iceberg/orders")));
    }

    private static CatalogTable iceberg(String name, String location) {
      return new CatalogTable(name, List.of(), location, List.of(), List.of(),
          new IcebergSource("iceberg", "lakeport", name, List.of()));
    }

    @Override
    public Future<Void> upkeep(IcebergSource table, boolean optimize, int retentionDays) {
      order.add(table.table());
      if (table.table().equals(failing)) {
        return Future.failedFuture(new CatalogException("upkeep of Iceberg table lakeport." + table.table()
            + " in trino failed: Retention specified (1.00d) is shorter than the minimum", null));
      }
      if (failing != null) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      upkeeps.put(table.table(), promise);
      return promise.future();
    }
  }
}
