package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.VerticleGroup;
import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.TrinoSchemas;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What an end-to-end ingest test needs of its own, on the shared local stack: a scratch PostgreSQL
 * database (the source), a scratch bucket (the lake), a Trino schema no one else uses (the catalog, and the
 * Iceberg namespace of a source set to {@code format: iceberg}, e.g. by LAKEPORT_SOURCES__OPSIT__FORMAT),
 * and profiles that point a Lakeport process at them. {@link #close()} removes all of it.
 */
final class IngestFixture implements AutoCloseable {

  /** The source with the scratch tables. */
  static final String SOURCE = "opsit";
  /** A source whose database does not answer (nothing listens on port 1): its runs fail. */
  static final String BROKEN = "opsbroken";

  /**
   * The engine the catalog publishes to: the local stack's Trino, or another one on the same S3Proxy
   * ({@code -Dlakeport.it.trinoUri=http://127.0.0.1:18080}), e.g. one whose Hive catalog has a setting the
   * shared one lacks.
   */
  static final URI TRINO = URI.create(System.getProperty("lakeport.it.trinoUri", LocalStack.TRINO_URI.toString()));

  final S3AsyncClient s3 = LocalStack.newS3AsyncClient();
  final ScratchDatabase database;
  final ScratchBucket bucket;
  /** The broken source's own bucket: one bucket per source, as in a real deployment. */
  final ScratchBucket brokenBucket;
  final String schema = LocalStack.uniqueSqlName("ops");

  IngestFixture(String purpose, String... tableStatements) {
    this.database = ScratchDatabase.create(LocalStack.POSTGRES, purpose);
    this.bucket = ScratchBucket.create(s3, purpose);
    this.brokenBucket = ScratchBucket.create(s3, purpose + "-broken");
    database.execute(tableStatements);
  }

  /**
   * The tooling tests' two tables: {@code clientes} (id, nombre, saldo, alta) and {@code pagos} (id, cliente,
   * importe), with statistics gathered as autovacuum would, so that progress has row estimates to measure against.
   */
  static String[] clientesAndPagos(int clientes, int pagos) {
    return new String[] {
        "CREATE TABLE clientes (id integer PRIMARY KEY, nombre text NOT NULL, saldo numeric(12,2), alta timestamptz)",
        "INSERT INTO clientes SELECT g, 'cliente ' || g, (g % 1000) / 10.0, "
            + "timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, " + clientes + ") g",
        "CREATE TABLE pagos (id integer PRIMARY KEY, cliente integer NOT NULL, importe numeric(10,2) NOT NULL)",
        "INSERT INTO pagos SELECT g, g % 50 + 1, g * 1.25 FROM generate_series(1, " + pagos + ") g",
        "ANALYZE clientes", "ANALYZE pagos"};
  }

  /** Skips the test (visibly) in a build that lacks a group it needs, rather than fail for a missing module. */
  static void assumeGroups(LakeportConfig.Group... groups) {
    var available = RunCommand.availableGroups();
    for (LakeportConfig.Group group : groups) {
      Assumptions.assumeTrue(available.getOrDefault(group, List.of()).stream().anyMatch(g -> !g.extension()),
          "the " + group.name().toLowerCase() + " group is not part of this build yet");
    }
  }

  /**
   * A profile for one process.
   *
   * @param groups  e.g. {@code [ingest, bridge]}
   * @param cluster a {@code cluster:} section body, or null for none
   */
  Path profile(String name, String groups, String cluster, int apiPort, int bridgePort, int metricsPort)
      throws Exception {
    return profile(name, groups, cluster, apiPort, bridgePort, metricsPort, "");
  }

  /** As above, with {@code sourceKeys} (e.g. {@code schedule: every 1m}) added to the {@link #SOURCE} section. */
  Path profile(String name, String groups, String cluster, int apiPort, int bridgePort, int metricsPort,
               String sourceKeys) throws Exception {
    String yaml = """
        groups: %s
        %s
        lake:
          endpoint: %s
          region: us-east-1
          pathStyle: true
          accessKey: %s
          secretKey: %s
          partSizeMib: 5
          partsInFlight: 2
          iceberg:
            uri: %s
            user: %s
            password: %s
            name: %s
            warehouse: %s
            namespace: %s
        ingest:
          fetchSize: 1000
          chunkKib: 256
          credits: 4
          tableParallelism: 1
          sources: [%s, %s]
        sources:
          %s:
            kind: postgresql
            host: 127.0.0.1
            port: 5432
            database: %s
            user: postgres
            password: ""
            bucket: %s
            tablePrefix: %s_
            # JSON Lines unless a test sets LAKEPORT_SOURCES__OPSIT__FORMAT=iceberg (the default is iceberg).
            format: jsonl
        %s
          %s:
            kind: postgresql
            host: 127.0.0.1
            port: 1
            database: %s
            user: postgres
            password: ""
            bucket: %s
            tablePrefix: %s_broken_
            format: jsonl
        engine:
          kind: trino
          trino:
            uri: %s
            user: lakeport
            catalog: %s
          schema: %s
        api:
          host: 127.0.0.1
          port: %d
        bridge:
          host: 127.0.0.1
          port: %d
        metrics:
          host: 127.0.0.1
          port: %d
        """.formatted(groups, cluster == null ? "" : "cluster:\n" + cluster.indent(2),
        LocalStack.S3_ENDPOINT, LocalStack.S3_ACCESS_KEY, LocalStack.S3_SECRET_KEY,
        LocalStack.ICEBERG_CATALOG_URI, LocalStack.ICEBERG_CATALOG_USER, LocalStack.ICEBERG_CATALOG_PASSWORD,
        LocalStack.ICEBERG_CATALOG_NAME, LocalStack.ICEBERG_WAREHOUSE, schema,
        SOURCE, BROKEN,
        SOURCE, database.name(), bucket.name(), schema, sourceKeys.isBlank() ? "" : sourceKeys.indent(4).stripTrailing(),
        BROKEN, database.name(), brokenBucket.name(), schema,
        TRINO, LocalStack.TRINO_CATALOG, schema,
        apiPort, bridgePort, metricsPort);
    Path file = Files.createTempFile("lakeport-" + name, ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  List<S3Object> objects() throws Exception {
    return s3.listObjectsV2(b -> b.bucket(bucket.name())).get(60, TimeUnit.SECONDS).contents();
  }

  List<MultipartUpload> openUploads() throws Exception {
    return s3.listMultipartUploads(b -> b.bucket(bucket.name())).get(60, TimeUnit.SECONDS).uploads();
  }

  String read(String key) throws Exception {
    return s3.getObject(b -> b.bucket(bucket.name()).key(key),
        software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes()).get(60, TimeUnit.SECONDS).asUtf8String();
  }

  /** GET of a URL on loopback (metrics, API), blocking: test threads only. */
  static HttpResponse<String> get(String url) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Override
  public void close() throws Exception {
    CleanUp.all(() -> TrinoSchemas.drop(TRINO, schema),
        () -> TrinoSchemas.drop(TRINO, LocalStack.TRINO_ICEBERG_CATALOG, schema),
        bucket::close, brokenBucket::close, database::close, s3::close);
  }

  /** One statement through Trino; the rows, none when the schema or table does not exist. */
  static List<io.vertx.core.json.JsonArray> trino(String sql) throws Exception {
    return TrinoSchemas.rowsIfExists(TRINO, sql);
  }

  /**
   * What {@code lakeport ingest --follow} prints without a terminal for a full run of {@link #clientesAndPagos}
   * that succeeded: the same lines whether the CLI went through the bridge or the REST API.
   */
  static void assertFollowedRunSucceeded(String output, int clientes, int pagos) {
    assertThat(output)
        .containsPattern("run " + SOURCE + "-\\S+ accepted: ingesting " + SOURCE + " \\(full\\)")
        .containsPattern("clientes: done, " + String.format(Locale.ROOT, "%,d", clientes) + " rows, [0-9.]+ KiB in [0-9.]+ s")
        .containsPattern("pagos: done, " + String.format(Locale.ROOT, "%,d", pagos) + " rows, [0-9.]+ KiB in [0-9.]+ s")
        .containsPattern("succeeded: 2/2 tables, " + String.format(Locale.ROOT, "%,d", clientes + pagos) + " rows, [0-9.]+ (KiB|MiB) in ")
        // not a terminal: plain lines, no carriage returns or escape sequences
        .doesNotContain("\r").doesNotContain("\u001b");
  }

  /**
   * The CLI starts a run of {@code pagos}, then cancels it; the run's status then says {@code cancelled}. The
   * run is still running when the cancel arrives, however fast the machine: a lock held here keeps its cursor
   * waiting on the table until the server has taken the cancel.
   *
   * @param env        the CLI's environment (e.g. the API's URL and key)
   * @param connection the CLI's connection options (e.g. {@code --bridge host:port}), after each command
   */
  static void assertTheCliCancelsARun(IngestFixture fixture, LakeportProcess lakeport, String name,
                                      Map<String, String> env, List<String> connection) throws Exception {
    String runId;
    LakeportProcess cancel;
    try (Connection lock = DriverManager.getConnection(fixture.database.jdbcUrl(), LocalStack.POSTGRES.user(),
        LocalStack.POSTGRES.password())) {
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("LOCK TABLE pagos IN ACCESS EXCLUSIVE MODE");
      }
      LakeportProcess start = LakeportProcess.launch(name + "-start",
          with(List.of("ingest", "--source", SOURCE, "--tables", "pagos"), connection), env);
      assertThat(start.waitFor(Duration.ofMinutes(2))).as(start.log()).isZero();
      runId = start.output().strip();
      assertThat(runId).startsWith(SOURCE + "-");
      cancel = LakeportProcess.launch(name + "-cancel", with(List.of("ingest", "cancel", runId), connection), env);
      lakeport.awaitLog("run " + runId + ": cancel requested", Duration.ofMinutes(2));
      lock.rollback();
    }
    assertThat(cancel.waitFor(Duration.ofMinutes(2))).as(cancel.output() + cancel.log()).isZero();
    assertThat(cancel.output()).contains("run " + runId + " cancelled");
    LakeportProcess status = LakeportProcess.launch(name + "-cancelled", with(List.of("status", runId), connection), env);
    assertThat(status.waitFor(Duration.ofMinutes(2))).as(status.output() + status.log()).isZero();
    assertThat(status.output()).contains("state    cancelled");

    LakeportProcess again = LakeportProcess.launch(name + "-cancel-again", with(List.of("ingest", "cancel", runId), connection), env);
    assertThat(again.waitFor(Duration.ofMinutes(2))).as("a run that has ended: " + again.log()).isEqualTo(1);
    assertThat(again.log()).contains("conflict: ").contains("has already ended");
  }

  private static List<String> with(List<String> command, List<String> connection) {
    List<String> args = new ArrayList<>(command);
    args.addAll(connection);
    return args;
  }
}
