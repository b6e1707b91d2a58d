import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.IngestVerticle;
import io.lakeport.run.RunStatus;
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
 * only the engine's catalog is left out (it accepts every table without an engine), because the engine's DDL
 * is not part of the copy being measured. With {@code --format iceberg} the rows become Parquet data files of
 * an Iceberg table committed in a real Iceberg JDBC catalog ({@code --catalogUri}, a PostgreSQL database with
 * the tables of docker/catalog-db/iceberg-catalog.sql): the snapshot commit is inside the timed run.
 *
 * <p>Two diagnostic modes split the time between the ends: {@code --mode source} reads the table through
 * the source and drops the chunks (database, driver, JSON encoding); {@code --mode writer} writes the same
 * number of JSON bytes (the first chunk of the table, repeated) through the lake writer alone (gzip,
 * uploads, the store).
 *
 * <p>Arguments: --kind postgresql|mysql --port N --database DB --table T --endpoint URL --bucket B
 * --gzip true|false [--format jsonl|iceberg (default jsonl) --mode ingest|source|writer --chunkKib 1024
 * --credits 4 --partSizeMib 8 --partsInFlight 2 --fetchSize 1000]; with --format iceberg also --catalogUri
 * jdbc:postgresql://... [--catalogUser postgres --catalogPassword P --catalogName lakeport --namespace bench
 * --rowGroupMib 16 --targetFileMib 128] (the warehouse is s3://BUCKET/).
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
    String format = arg.getOrDefault("format", "jsonl");
    if (!format.equals("jsonl") && !format.equals("iceberg")) {
      throw new IllegalArgumentException("--format jsonl|iceberg, got " + format);
    }
    JsonObject source = new JsonObject().put("kind", kind).put("host", "127.0.0.1")
        .put("port", Integer.parseInt(arg.get("port"))).put("database", arg.get("database"))
        .put("user", kind.equals("postgresql") ? "postgres" : "root").put("password", "")
        .put("bucket", arg.get("bucket")).put("tables", new JsonArray().add(table))
        .put("format", format);
    if (arg.containsKey("ranges")) {
      // How many cursors read the table under one snapshot; absent, the source's default (from the table's size).
      source.put("ranges", Integer.parseInt(arg.get("ranges")));
    }
    JsonObject lake = new JsonObject().put("endpoint", arg.get("endpoint")).put("pathStyle", true)
        .put("accessKey", "lakeport").put("secretKey", "lakeport-secret").put("gzip", gzip)
        .put("partSizeMib", Integer.parseInt(arg.getOrDefault("partSizeMib", "8")))
        .put("partsInFlight", Integer.parseInt(arg.getOrDefault("partsInFlight", "2")));
    if (format.equals("iceberg")) {
      // The real Iceberg JDBC catalog (a database of the bench's own, with the tables of
      // docker/catalog-db/iceberg-catalog.sql): the snapshot commit is part of the timed run.
      lake.put("iceberg", new JsonObject().put("uri", arg.get("catalogUri"))
          .put("user", arg.getOrDefault("catalogUser", "postgres"))
          .put("password", arg.getOrDefault("catalogPassword", "lakeport"))
          .put("name", arg.getOrDefault("catalogName", "lakeport"))
          .put("warehouse", "s3://" + arg.get("bucket") + "/")
          .put("namespace", arg.getOrDefault("namespace", "bench"))
          .put("rowGroupMib", Integer.parseInt(arg.getOrDefault("rowGroupMib", "16")))
          .put("targetFileMib", Integer.parseInt(arg.getOrDefault("targetFileMib", "128"))));
    }
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest"))
        .put("lake", lake)
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

    try (var s3 = io.lakeport.store.S3Clients.create(config.lake())) {
      s3.createBucket(b -> b.bucket(arg.get("bucket"))).exceptionally(e -> null).get();
    }
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new IngestVerticle(config, Sources::create, v -> Future.succeededFuture(acceptAll)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    // Live heap: what is still in use right after a full collection, sampled every 5 s (each costs a few
    // tens of milliseconds with a small live set). The used heap alone says little: G1 fills what -Xmx gives.
    AtomicLong livePeak = new AtomicLong();
    Thread.ofPlatform().daemon().start(() -> {
      Runtime runtime = Runtime.getRuntime();
      while (true) {
        try {
          Thread.sleep(5000);
        } catch (InterruptedException e) {
          return;
        }
        System.gc();
        livePeak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
      }
    });
    String mode = arg.getOrDefault("mode", "ingest");
    if (!mode.equals("ingest")) {
      diagnose(vertx, config, mode, table, livePeak);
      return;
    }

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
    RunStatus status = BusRuns.fullRunToEnd(vertx, "bench", table, 50);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    // One more live sample at the end, for runs shorter than the sampling period.
    System.gc();
    livePeak.accumulateAndGet(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), Math::max);

    if (status.state() != RunStatus.State.SUCCEEDED) {
      System.out.println("FAILED " + status.error());
      vertx.close();
      System.exit(1);
    }
    RunStatus.TableStatus done = status.tables().getFirst();
    System.out.printf("RESULT kind=%s format=%s gzip=%s cursors=%d rows=%d jsonBytes=%d objects=%d seconds=%.3f "
            + "rssPeakMiB=%d heapPeakMiB=%d liveHeapPeakMiB=%d%n",
        kind, format, gzip, done.cursors(), done.rows(), done.bytes(), done.objects().size(), seconds, rssPeakMib(),
        heapPeak.get() / (1024 * 1024), livePeak.get() / (1024 * 1024));
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.exit(0);
  }

  static long rssPeakMib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  /** Times one end of the pipeline alone; see the class comment. */
  static void diagnose(Vertx vertx, LakeportConfig config, String mode, String table, AtomicLong livePeak)
      throws Exception {
    var sourceConfig = config.sources().get("bench");
    var ctx = vertx.getOrCreateContext();
    java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
    long start = System.nanoTime();
    ctx.runOnContext(v -> {
      var source = Sources.create(vertx, sourceConfig, config.ingest());
      source.discover(List.of(table)).compose(schemas -> source.open(schemas.getFirst(), null, null))
          .onFailure(result::completeExceptionally)
          .onSuccess(reader -> {
            long[] bytes = {0};
            io.vertx.core.buffer.Buffer[] first = {null};
            reader.handler(chunk -> {
              bytes[0] += chunk.length();
              if (first[0] == null) {
                first[0] = chunk;
              }
              reader.fetch(1);
            });
            reader.exceptionHandler(result::completeExceptionally);
            reader.endHandler(x -> {
              long rows = reader.rows();
              double sourceSeconds = (System.nanoTime() - start) / 1e9;
              reader.close();
              if (mode.equals("source")) {
                result.complete(String.format("rows=%d jsonBytes=%d seconds=%.3f", rows, bytes[0], sourceSeconds));
                return;
              }
              writeRepeated(vertx, config, first[0], bytes[0], rows, result);
            });
            reader.fetch(1);
          });
    });
    String line = result.get(30, TimeUnit.MINUTES);
    System.out.printf("RESULT mode=%s kind=%s gzip=%s %s rssPeakMiB=%d liveHeapPeakMiB=%d%n", mode,
        sourceConfig.kind().name().toLowerCase(), config.lake().gzip(), line, rssPeakMib(), livePeak.get() / (1024 * 1024));
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.exit(0);
  }

  static void writeRepeated(Vertx vertx, LakeportConfig config, io.vertx.core.buffer.Buffer chunk, long total,
                            long rows, java.util.concurrent.CompletableFuture<String> result) {
    var lake = config.lake();
    var s3 = io.lakeport.store.S3Clients.create(lake);
    var janitor = new io.lakeport.lake.LakeJanitor(vertx);
    var writer = new io.lakeport.lake.LakeObjectWriter(vertx, s3, config.sources().get("bench").bucket(),
        seq -> "writer-only/part-" + seq + (lake.gzip() ? ".jsonl.gz" : ".jsonl"),
        io.lakeport.lake.ObjectFormat.of(lake.gzip()),
        new io.lakeport.lake.LakeObjectWriter.Limits((int) lake.partSizeBytes(), lake.partsInFlight(),
            lake.maxObjectBytes()), janitor);
    long start = System.nanoTime();
    long[] written = {0};
    Runnable[] next = {null};
    next[0] = () -> {
      if (written[0] >= total) {
        writer.finish().onComplete(done -> {
          s3.close();
          if (done.failed()) {
            result.completeExceptionally(done.cause());
          } else {
            result.complete(String.format("rows=%d jsonBytes=%d seconds=%.3f", rows, written[0],
                (System.nanoTime() - start) / 1e9));
          }
        });
        return;
      }
      written[0] += chunk.length();
      writer.write(chunk.copy()).onSuccess(v -> next[0].run()).onFailure(result::completeExceptionally);
    };
    next[0].run();
  }
}
