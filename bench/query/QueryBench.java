import io.lakeport.api.ApiGroup;
import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.IngestGroup;
import io.lakeport.run.RunStatus;
import io.lakeport.store.S3Clients;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The query side of issue 12's benchmark (bench/query/run starts it): one PostgreSQL table (bench_t of
 * bench/ingest) ingested by Lakeport twice into the local stack's lake, through the real ingest group and
 * the real engine catalog, once as JSON Lines (format jsonl, Hive tables) and once as an Iceberg table of
 * Parquet files (format iceberg, the JDBC catalog lakeport_catalog), in a scratch schema, namespace and
 * buckets of its own that it drops at the end. Then, for each format, directly against Trino's client
 * protocol ({@code POST /v1/statement}, following {@code nextUri}; Trino's own {@code stats} of the final
 * answer), a few repetitions of {@code count(*)}, a lookup by id and {@code GROUP BY status} with
 * {@code sum(price)}; whether the Iceberg lookup read only the row groups whose id range holds the id (the
 * data files' Parquet footers, read here, against the rows and bytes Trino says it read); and a listing page
 * of the API ({@code GET /api/tables/{table}/rows?limit=100}, the api group in this process with the result
 * cache off) under a closed loop of 1 and of N clients: p50, p99, requests/s. Prints the report on stdout.
 *
 * <p>Blocking calls (HTTP, waiting for runs) happen on the main thread and on virtual threads, never on a
 * Vert.x event loop.
 *
 * <p>Arguments: --database DB [--table bench_t --rows N (the table's row count, for the ids looked up)
 * --reps 3 --apiSeconds 30 --apiClients 8 --trino http://127.0.0.1:8080 --s3 http://127.0.0.1:9000
 * --catalogUri jdbc:postgresql://127.0.0.1:5432/lakeport_catalog --pgPort 5432]
 */
public final class QueryBench {

  private static final PrintStream OUT = System.out;
  private static final String TRINO_USER = "lakeport";

  private final Map<String, String> arg;
  private final URI trino;
  private final String name;
  private final String table;
  private final long rows;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final AtomicBoolean cleaned = new AtomicBoolean();
  private final List<String> buckets = new ArrayList<>();
  private LakeportConfig config;
  private Vertx vertx;
  private S3AsyncClient s3;

  private QueryBench(Map<String, String> arg) {
    this.arg = arg;
    this.trino = URI.create(arg.getOrDefault("trino", "http://127.0.0.1:8080"));
    this.table = arg.getOrDefault("table", "bench_t");
    this.rows = Long.parseLong(arg.getOrDefault("rows", "0"));
    // One name for the engine schema, the Iceberg namespace and (with dashes) the buckets: nothing of the
    // demo lake is touched, and what is left by a killed run is recognisable (qbench_...).
    this.name = "qbench_" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
        + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt() & 0xffffff, 6);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      arg.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    QueryBench bench = new QueryBench(arg);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanup, "query-bench-cleanup"));
    int status = 1;
    try {
      bench.run();
      status = 0;
    } catch (Exception e) {
      OUT.println("FAILED " + e);
      e.printStackTrace();
    } finally {
      bench.cleanup();
    }
    OUT.flush();
    System.exit(status);
  }

  private void run() throws Exception {
    int reps = Integer.parseInt(arg.getOrDefault("reps", "3"));
    int apiSeconds = Integer.parseInt(arg.getOrDefault("apiSeconds", "30"));
    int apiClients = Integer.parseInt(arg.getOrDefault("apiClients", "8"));
    int apiPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      apiPort = socket.getLocalPort();
    }
    String bucket = name.replace('_', '-');
    JsonObject pg = new JsonObject().put("kind", "postgresql").put("host", "127.0.0.1")
        .put("port", Integer.parseInt(arg.getOrDefault("pgPort", "5432"))).put("database", arg.get("database"))
        .put("user", "postgres").put("password", "").put("tables", new JsonArray().add(table));
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest").add("api"))
        .put("lake", new JsonObject().put("endpoint", arg.getOrDefault("s3", "http://127.0.0.1:9000")).put("pathStyle", true)
            .put("accessKey", "lakeport").put("secretKey", "lakeport-secret")
            .put("iceberg", new JsonObject()
                .put("uri", arg.getOrDefault("catalogUri", "jdbc:postgresql://127.0.0.1:5432/lakeport_catalog"))
                .put("user", "postgres").put("password", "lakeport").put("name", "lakeport")
                .put("warehouse", "s3://lakeport-warehouse/").put("namespace", name)
                .put("rowGroupMib", 16).put("targetFileMib", 128)))
        .put("engine", new JsonObject().put("kind", "trino").put("schema", name).put("cacheSeconds", 0)
            .put("trino", new JsonObject().put("uri", trino.toString()).put("user", TRINO_USER).put("catalog", "hive")))
        .put("api", new JsonObject().put("host", "127.0.0.1").put("port", apiPort))
        .put("sources", new JsonObject()
            .put("qjsonl", pg.copy().put("bucket", bucket + "-jsonl").put("format", "jsonl").put("tablePrefix", "jsonl_"))
            .put("qiceberg", pg.copy().put("bucket", bucket + "-iceberg").put("format", "iceberg").put("tablePrefix", "iceberg_")));
    config = LakeportConfig.from(json, "query-bench");
    String jsonlTable = "jsonl_" + table;
    String icebergTable = "iceberg_" + table;

    OUT.printf(Locale.ROOT, "# Lakeport query benchmark, %,d rows (PostgreSQL %s.%s), %s, %d cores, load average %s%n", rows,
        arg.get("database"), table, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        Runtime.getRuntime().availableProcessors(), loadAverage());
    OUT.printf(Locale.ROOT, "# scratch: Trino schema hive.%s, Iceberg namespace %s, buckets %s-jsonl and %s-iceberg (dropped at the end)%n",
        name, name, bucket, bucket);

    s3 = S3Clients.create(config.lake());
    for (String b : List.of(bucket + "-jsonl", bucket + "-iceberg")) {
      s3.createBucket(r -> r.bucket(b)).get(60, TimeUnit.SECONDS);
      buckets.add(b);
    }
    vertx = Vertx.vertx();
    new IngestGroup().deploy(vertx, config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);

    OUT.println();
    OUT.println("ingest (the real ingest group and engine catalog, full runs, one after the other)");
    Map<String, Long> ingested = new LinkedHashMap<>();
    for (String source : List.of("qjsonl", "qiceberg")) {
      long start = System.nanoTime();
      RunStatus status = ingest(source);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (status.state() != RunStatus.State.SUCCEEDED) {
        throw new IllegalStateException("the ingest of " + source + " ended " + status.state() + ": " + status.error());
      }
      RunStatus.TableStatus done = status.tables().getFirst();
      ingested.put(source, done.rows());
      OUT.printf(Locale.ROOT, "  %-7s: %,d rows in %.1f s (%,.0f rows/s), %d object(s)%n", source.substring(1), done.rows(), seconds,
          done.rows() / seconds, done.objects().size());
    }
    long tableRows = rows > 0 ? rows : ingested.get("qiceberg");

    Sizes sizes = sizes(bucket + "-jsonl", icebergTable);
    OUT.printf(Locale.ROOT, "  sizes  : JSON Lines %s in %d object(s); Iceberg %s of Parquet in %d data file(s), %d row group(s) "
            + "(%,d rows per row group on average)%n", mb(sizes.jsonlBytes), sizes.jsonlObjects, mb(sizes.parquetBytes),
        sizes.groups.stream().map(RowGroup::file).distinct().count(), sizes.groups.size(),
        sizes.groups.isEmpty() ? 0 : tableRows / sizes.groups.size());
    OUT.printf(Locale.ROOT, "  Iceberg data files sorted by id: %s; id statistics in every row group: %s; Parquet page indexes on id: %s%n",
        sizes.sortedById() ? "yes (row-group id ranges ascending and disjoint)" : "NO (row-group id ranges overlap or descend)",
        sizes.groups.stream().allMatch(g -> g.min() != null) ? "yes" : "NO",
        sizes.groups.stream().allMatch(RowGroup::pageIndex) ? "yes" : "no");

    // --- Trino, directly ---------------------------------------------------------------------------------
    String jsonlRef = "hive." + name + "." + jsonlTable;
    String icebergRef = "hive." + name + "." + icebergTable;
    OUT.println();
    OUT.printf(Locale.ROOT, "engine: Trino %s, user %s, the engine views %s and %s; %d repetition(s) after one warm-up, medians%n",
        trino, TRINO_USER, jsonlRef, icebergRef, reps);
    List<String> queries = List.of("count(*)", "lookup by id", "GROUP BY status, sum(price)");
    Map<String, Map<String, List<Stats>>> measured = new LinkedHashMap<>();
    List<Long> lookupIds = new ArrayList<>();
    for (int rep = 0; rep <= reps; rep++) {
      // Ids spread over the table (the golden ratio), a new one each repetition; the same for both formats.
      long id = 1 + (long) ((rep + 1) * 0.6180339887 * tableRows) % tableRows;
      if (rep > 0) {
        lookupIds.add(id);
      }
      for (String query : queries) {
        for (String format : List.of("jsonl", "iceberg")) {
          String ref = format.equals("jsonl") ? jsonlRef : icebergRef;
          String sql = switch (query) {
            case "count(*)" -> "SELECT count(*) FROM " + ref;
            case "lookup by id" -> "SELECT * FROM " + ref + " WHERE id = " + id;
            default -> "SELECT status, sum(price) FROM " + ref + " GROUP BY status ORDER BY status";
          };
          Stats stats = trino(sql);
          check(query, stats, tableRows, id);
          if (rep > 0) {
            measured.computeIfAbsent(query, q -> new LinkedHashMap<>()).computeIfAbsent(format, f -> new ArrayList<>()).add(stats);
          }
        }
      }
    }
    for (String query : queries) {
      Stats jsonl = median(measured.get(query).get("jsonl"));
      Stats iceberg = median(measured.get(query).get("iceberg"));
      for (var entry : List.of(Map.entry("jsonl", jsonl), Map.entry("iceberg", iceberg))) {
        Stats s = entry.getValue();
        OUT.printf(Locale.ROOT, "  %-27s %-7s: elapsed %,6d ms (client %,6d ms), processed %s / %,d rows, physical input %s%n",
            query, entry.getKey(), s.elapsedMs, s.wallMs, mb(s.processedBytes), s.processedRows, mb(s.physicalBytes));
      }
      OUT.printf(Locale.ROOT, "  %-27s iceberg/jsonl: elapsed %.3f (%.1fx faster), processedBytes %.4f (%.1fx fewer), "
              + "physical input %.4f%n", query, ratio(iceberg.elapsedMs, jsonl.elapsedMs), ratio(jsonl.elapsedMs, iceberg.elapsedMs),
          ratio(iceberg.processedBytes, jsonl.processedBytes), ratio(jsonl.processedBytes, iceberg.processedBytes),
          ratio(iceberg.physicalBytes, jsonl.physicalBytes));
    }

    // --- did the lookup read only the row groups that hold the id? -----------------------------------------
    OUT.println();
    OUT.println("Iceberg lookup by id: rows and bytes Trino read against the row groups whose id range holds the id");
    List<Stats> lookups = measured.get("lookup by id").get("iceberg");
    boolean onlyMatching = true;
    for (int i = 0; i < lookups.size(); i++) {
      long id = lookupIds.get(i);
      Stats s = lookups.get(i);
      List<RowGroup> holding = sizes.groups.stream().filter(g -> g.holds(id)).toList();
      long holdingRows = holding.stream().mapToLong(RowGroup::rows).sum();
      long holdingBytes = holding.stream().mapToLong(RowGroup::bytes).sum();
      boolean only = s.processedRows <= Math.max(holdingRows, 1);
      onlyMatching &= only;
      OUT.printf(Locale.ROOT, "  id %,d: read %,d rows, %s processed, %s physical input; %d of %d row group(s) hold the id "
              + "(%,d rows, %s compressed); the table: %,d rows, %s of Parquet -> %s%n", id, s.processedRows,
          mb(s.processedBytes), mb(s.physicalBytes), holding.size(), sizes.groups.size(), holdingRows, mb(holdingBytes),
          tableRows, mb(sizes.parquetBytes),
          only ? "only the row group(s) holding the id" : "MORE than the row group(s) holding the id");
    }
    OUT.printf(Locale.ROOT, "  verdict: the Iceberg lookup %s%n", onlyMatching
        ? "reads only the row groups whose key range holds the id"
        : "reads more than the row groups whose key range holds the id");

    // --- the API ------------------------------------------------------------------------------------------
    new ApiGroup().deploy(vertx, config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    OUT.println();
    OUT.printf(Locale.ROOT, "API listing page (GET /api/tables/{table}/rows?limit=100, result cache off, engine.maxConcurrent %d), "
        + "closed loop for %d s each%n", config.engine().maxConcurrent(), apiSeconds);
    Map<String, double[]> listing = new LinkedHashMap<>();
    for (int clients : apiClients > 1 ? List.of(1, apiClients) : List.of(1)) {
      for (String format : List.of("jsonl", "iceberg")) {
        String path = "/api/tables/" + (format.equals("jsonl") ? jsonlTable : icebergTable) + "/rows?limit=100";
        Load load = load(URI.create("http://127.0.0.1:" + apiPort + path), clients, Duration.ofSeconds(apiSeconds));
        listing.put(format + clients, new double[] {load.p50(), load.rps()});
        OUT.printf(Locale.ROOT, "  listing %-7s %2d client(s): API p50 %,.0f ms, p99 %,.0f ms, %.2f req/s, responses %s%n", format, clients,
            load.p50(), load.p99(), load.rps(), load.statuses());
      }
      double[] j = listing.get("jsonl" + clients);
      double[] i = listing.get("iceberg" + clients);
      OUT.printf(Locale.ROOT, "  listing iceberg/jsonl %2d client(s): p50 %.3f (%.1fx faster), req/s %.2fx%n", clients,
          ratio(i[0], j[0]), ratio(j[0], i[0]), ratio(i[1], j[1]));
    }
  }

  // --- ingest --------------------------------------------------------------------------------------------

  private RunStatus ingest(String source) throws Exception {
    return BusRuns.fullRunToEnd(vertx, source, table, 200);
  }

  // --- sizes and row groups -------------------------------------------------------------------------------

  private record RowGroup(String file, long rows, long bytes, Long min, Long max, boolean pageIndex) {
    boolean holds(long id) {
      return min == null || (min <= id && id <= max);
    }
  }

  private record Sizes(long jsonlBytes, int jsonlObjects, long parquetBytes, List<RowGroup> groups) {
    boolean sortedById() {
      Long previous = null;
      for (RowGroup g : groups) {
        if (g.min() == null || (previous != null && g.min() <= previous)) {
          return false;
        }
        previous = g.max();
      }
      return true;
    }
  }

  private Sizes sizes(String jsonlBucket, String icebergTable) throws Exception {
    long jsonlBytes = 0;
    int jsonlObjects = 0;
    String token = null;
    do {
      String next = token;
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(jsonlBucket).continuationToken(next)).get(60, TimeUnit.SECONDS);
      for (S3Object object : page.contents()) {
        if (object.key().endsWith(".jsonl") || object.key().endsWith(".jsonl.gz")) {
          jsonlBytes += object.size();
          jsonlObjects++;
        }
      }
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);

    // The data files of the table's current snapshot, in the order of their first id, and each one's footer.
    Stats files = trino("SELECT file_path, file_size_in_bytes FROM iceberg." + name + ".\"" + icebergTable + "$files\"");
    long parquetBytes = 0;
    List<RowGroup> groups = new ArrayList<>();
    Path dir = Files.createTempDirectory("lakeport-query-bench");
    try {
      for (JsonArray row : files.rows) {
        URI location = URI.create(row.getString(0));
        parquetBytes += ((Number) row.getValue(1)).longValue();
        Path local = dir.resolve("data.parquet");
        Files.deleteIfExists(local);
        s3.getObject(r -> r.bucket(location.getHost()).key(location.getPath().substring(1)), local).get(10, TimeUnit.MINUTES);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(local))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            ColumnChunkMetaData id = block.getColumns().stream().filter(c -> c.getPath().toDotString().equals("id"))
                .findFirst().orElseThrow();
            Statistics<?> statistics = id.getStatistics();
            boolean known = statistics != null && statistics.hasNonNullValue();
            groups.add(new RowGroup(location.getPath(), block.getRowCount(), block.getCompressedSize(),
                known ? ((Number) statistics.genericGetMin()).longValue() : null,
                known ? ((Number) statistics.genericGetMax()).longValue() : null,
                id.getColumnIndexReference() != null && id.getOffsetIndexReference() != null));
          }
        }
        Files.deleteIfExists(local);
      }
    } finally {
      Files.deleteIfExists(dir.resolve("data.parquet"));
      Files.deleteIfExists(dir);
    }
    groups.sort((a, b) -> a.min() == null || b.min() == null ? 0 : Long.compare(a.min(), b.min()));
    return new Sizes(jsonlBytes, jsonlObjects, parquetBytes, groups);
  }

  // --- Trino's client protocol ----------------------------------------------------------------------------

  private record Stats(long elapsedMs, long wallMs, long processedBytes, long processedRows, long physicalBytes,
                       List<JsonArray> rows) {
  }

  /** One statement through POST /v1/statement, following nextUri to the end: Trino's stats of the final answer. */
  private Stats trino(String sql) throws Exception {
    long start = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(trino.resolve("/v1/statement")).header("X-Trino-User", TRINO_USER)
        .header("X-Trino-Source", "lakeport-query-bench").timeout(Duration.ofMinutes(10))
        .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
    List<JsonArray> rows = new ArrayList<>();
    JsonObject page = send(request);
    while (true) {
      JsonArray data = page.getJsonArray("data");
      if (data != null) {
        data.forEach(r -> rows.add((JsonArray) r));
      }
      JsonObject error = page.getJsonObject("error");
      if (error != null) {
        throw new IllegalStateException("Trino: " + sql + ": " + error.getString("message"));
      }
      String next = page.getString("nextUri");
      if (next == null) {
        break;
      }
      page = send(HttpRequest.newBuilder(URI.create(next)).header("X-Trino-User", TRINO_USER)
          .timeout(Duration.ofMinutes(10)).GET().build());
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    JsonObject stats = page.getJsonObject("stats", new JsonObject());
    return new Stats(stats.getLong("elapsedTimeMillis", wallMs), wallMs, stats.getLong("processedBytes", -1L),
        stats.getLong("processedRows", -1L), stats.getLong("physicalInputBytes", -1L), rows);
  }

  private JsonObject send(HttpRequest request) throws Exception {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      // 502, 503, 504: the protocol's "try the same URI again".
      if ((response.statusCode() == 502 || response.statusCode() == 503 || response.statusCode() == 504) && attempt < 20) {
        Thread.sleep(100L * attempt);
        continue;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("Trino answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    }
  }

  /** The answers must be right for the times to mean anything: the count, the row looked up, the 7 groups. */
  private static void check(String query, Stats stats, long tableRows, long id) {
    switch (query) {
      case "count(*)" -> {
        if (stats.rows.size() != 1 || stats.rows.getFirst().getLong(0) != tableRows) {
          throw new IllegalStateException("count(*) answered " + stats.rows + ", expected " + tableRows);
        }
      }
      case "lookup by id" -> {
        if (stats.rows.size() != 1) {
          throw new IllegalStateException("the lookup of id " + id + " answered " + stats.rows.size() + " rows");
        }
      }
      default -> {
        if (stats.rows.size() != Math.min(7, tableRows)) {
          throw new IllegalStateException("GROUP BY status answered " + stats.rows.size() + " groups");
        }
      }
    }
  }

  private static Stats median(List<Stats> all) {
    List<Stats> sorted = new ArrayList<>(all);
    sorted.sort((a, b) -> Long.compare(a.elapsedMs, b.elapsedMs));
    return sorted.get((sorted.size() - 1) / 2);
  }

  // --- the API's listing under load -----------------------------------------------------------------------

  private record Load(double p50, double p99, double rps, String statuses) {
  }

  /** A closed loop: {@code clients} virtual threads, each sending the next request when the last one answered. */
  private Load load(URI uri, int clients, Duration duration) throws Exception {
    HttpResponse<String> warm = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (warm.statusCode() != 200 || new JsonObject(warm.body()).getJsonArray("items").size() != Math.min(100, rows == 0 ? 100 : rows)) {
      throw new IllegalStateException("GET " + uri + " answered " + warm.statusCode() + ": "
          + warm.body().substring(0, Math.min(500, warm.body().length())));
    }
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(Thread.ofVirtual().start(() -> {
        while (System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          String status;
          try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
            status = Integer.toString(response.statusCode());
            if (response.statusCode() == 200) {
              latencies.add(System.nanoTime() - t0);
            }
          } catch (Exception e) {
            status = e.getClass().getSimpleName();
          }
          statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double p50 = sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2) / 1e6;
    double p99 = sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
    Map<String, Long> counts = new TreeMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.get()));
    return new Load(p50, p99, sorted.size() / seconds, counts.toString());
  }

  // --- clean-up -----------------------------------------------------------------------------------------

  /** Drops what the run created: the engine views and tables, the Iceberg table and namespace, the buckets. */
  private void cleanup() {
    if (!cleaned.compareAndSet(false, true)) {
      return;
    }
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("query bench: could not close Vert.x: " + e);
      }
    }
    if (config == null || buckets.isEmpty()) {
      // Nothing was created: the engine schema, the Iceberg namespace and the tables come after the buckets.
      return;
    }
    List<String> left = new ArrayList<>();
    for (String catalog : List.of("hive", "iceberg")) {
      try {
        for (JsonArray row : trinoIfExists("SELECT table_name, table_type FROM " + catalog + ".information_schema.tables "
            + "WHERE table_schema = '" + name + "' ORDER BY table_type DESC")) {
          String kind = "VIEW".equals(row.getString(1)) ? "VIEW" : "TABLE";
          trinoIfExists("DROP " + kind + " IF EXISTS " + catalog + "." + name + ".\"" + row.getString(0) + "\"");
        }
        trinoIfExists("DROP SCHEMA IF EXISTS " + catalog + "." + name);
      } catch (Exception e) {
        left.add(catalog + "." + name + " (" + e + ")");
      }
    }
    // What the Iceberg JDBC catalog still holds of the scratch namespace once Trino dropped it: nothing, or it goes.
    var iceberg = config.lake().iceberg();
    try (var connection = java.sql.DriverManager.getConnection(iceberg.uri(), iceberg.user(), iceberg.password())) {
      for (String sql : List.of("DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?",
          "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?")) {
        try (var statement = connection.prepareStatement(sql)) {
          statement.setString(1, iceberg.name());
          statement.setString(2, name);
          int rows = statement.executeUpdate();
          if (rows > 0) {
            System.err.println("query bench: deleted " + rows + " row(s) Trino left in the Iceberg catalog: " + sql);
          }
        }
      }
    } catch (Exception e) {
      left.add("the Iceberg catalog's rows of namespace " + name + " (" + e + ")");
    }
    for (String bucket : buckets) {
      try {
        emptyAndDelete(bucket);
      } catch (Exception e) {
        left.add("bucket " + bucket + " (" + e + ")");
      }
    }
    if (s3 != null) {
      s3.close();
    }
    OUT.println();
    if (left.isEmpty()) {
      OUT.printf(Locale.ROOT, "dropped hive.%s, iceberg.%s and the buckets %s%n", name, name, String.join(", ", buckets));
    } else {
      OUT.println("clean-up left behind: " + String.join("; ", left));
    }
    OUT.flush();
  }

  private List<JsonArray> trinoIfExists(String sql) throws Exception {
    try {
      return trino(sql).rows;
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
        return List.of();
      }
      throw e;
    }
  }

  private void emptyAndDelete(String bucket) throws Exception {
    String token = null;
    do {
      String next = token;
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).continuationToken(next)).get(60, TimeUnit.SECONDS);
      List<ObjectIdentifier> keys = page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      if (!keys.isEmpty()) {
        s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(keys))).get(60, TimeUnit.SECONDS);
      }
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    // Uploads a failed run left open would keep the bucket from being deleted.
    for (var upload : s3.listMultipartUploads(r -> r.bucket(bucket)).get(60, TimeUnit.SECONDS).uploads()) {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())).get(60, TimeUnit.SECONDS);
    }
    s3.deleteBucket(r -> r.bucket(bucket)).get(60, TimeUnit.SECONDS);
  }

  // --- formatting -----------------------------------------------------------------------------------------

  private static String mb(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "n/a";
    }
  }
}
