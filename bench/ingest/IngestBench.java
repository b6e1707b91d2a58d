import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.IngestAddresses;
import io.lakeport.ingest.IngestVerticle;
import io.lakeport.ingest.RunStatus;
import io.lakeport.source.Sources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One timed Lakeport ingest of one table into S3 (bench/ingest/run.sh starts it once per database and
 * gzip setting, each in a fresh JVM so that its peak RSS is its own). Prints one RESULT line.
 *
 * <p>The run goes through the real ingest verticle and bus contract with the real sources and lake writer;
 * only the catalog is left out (it accepts every table without an engine), because the engine's DDL is
 * not part of the copy being measured.
 *
 * <p>Arguments: --kind postgresql|mysql --port N --database DB --table T --endpoint URL --bucket B
 * --gzip true|false [--chunkKib 1024 --credits 4 --partSizeMib 8 --partsInFlight 2 --fetchSize 1000]
 */
public final class IngestBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      arg.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String kind = arg.get("kind");
    String table = arg.get("table");
    boolean gzip = Boolean.parseBoolean(arg.getOrDefault("gzip", "false"));
    JsonObject source = new JsonObject().put("kind", kind).put("host", "127.0.0.1")
        .put("port", Integer.parseInt(arg.get("port"))).put("database", arg.get("database"))
        .put("user", kind.equals("postgresql") ? "postgres" : "root").put("password", "")
        .put("bucket", arg.get("bucket")).put("tables", new JsonArray().add(table));
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest"))
        .put("lake", new JsonObject().put("endpoint", arg.get("endpoint")).put("pathStyle", true)
            .put("accessKey", "lakeport").put("secretKey", "lakeport-secret").put("gzip", gzip)
            .put("partSizeMib", Integer.parseInt(arg.getOrDefault("partSizeMib", "8")))
            .put("partsInFlight", Integer.parseInt(arg.getOrDefault("partsInFlight", "2"))))
        .put("ingest", new JsonObject()
            .put("chunkKib", Integer.parseInt(arg.getOrDefault("chunkKib", "1024")))
            .put("credits", Integer.parseInt(arg.getOrDefault("credits", "4")))
            .put("fetchSize", Integer.parseInt(arg.getOrDefault("fetchSize", "1000"))))
        .put("sources", new JsonObject().put("bench", source));
    LakeportConfig config = LakeportConfig.from(json, "bench");

    Catalog acceptAll = new Catalog() {
      @Override
      public Future<Void> publish(CommittedTable committed) {
        return Future.succeededFuture();
      }

      @Override
      public Future<List<CatalogTable>> tables() {
        return Future.succeededFuture(List.of());
      }
    };

    try (var s3 = io.lakeport.lake.S3Clients.create(config.lake())) {
      s3.createBucket(b -> b.bucket(arg.get("bucket"))).exceptionally(e -> null).get();
    }
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new IngestVerticle(config, Sources::create, v -> acceptAll))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    AtomicLong heapPeak = new AtomicLong();
    Thread sampler = Thread.ofPlatform().daemon().start(() -> {
      Runtime runtime = Runtime.getRuntime();
      while (!Thread.currentThread().isInterrupted()) {
        heapPeak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });

    long start = System.nanoTime();
    String runId = vertx.eventBus().<JsonObject>request(IngestAddresses.START,
            new JsonObject().put("source", "bench").put("mode", "full").put("tables", new JsonArray().add(table)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body().getString("runId");
    RunStatus status;
    do {
      Thread.sleep(50);
      status = RunStatus.fromJson(vertx.eventBus().<JsonObject>request(IngestAddresses.STATUS,
              new JsonObject().put("runId", runId))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body());
    } while (status.state() == RunStatus.State.RUNNING);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();

    if (status.state() != RunStatus.State.SUCCEEDED) {
      System.out.println("FAILED " + status.error());
      vertx.close();
      System.exit(1);
    }
    RunStatus.TableStatus done = status.tables().getFirst();
    long rssPeakKib = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        rssPeakKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    System.out.printf("RESULT kind=%s gzip=%s rows=%d jsonBytes=%d objects=%d seconds=%.3f rssPeakMiB=%d heapPeakMiB=%d%n",
        kind, gzip, done.rows(), done.bytes(), done.objects().size(), seconds, rssPeakKib / 1024,
        heapPeak.get() / (1024 * 1024));
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.exit(0);
  }
}
