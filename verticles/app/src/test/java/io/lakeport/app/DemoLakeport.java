package io.lakeport.app;

import io.lakeport.testkit.CleanUp;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.TrinoSchemas;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lakeport as a user runs it after {@code scripts/run-local}: the jar with {@code conf/local.yaml}'s ingest and
 * api groups against the local stack's demo databases (ms1, ms2, ms3), but publishing into a scratch bucket per
 * source and a scratch Trino schema and Iceberg namespace, so that nothing of the shared demo lake is touched. {@link #close()} stops
 * the process and removes the buckets and the schema. Shared with other modules' tests (the generated clients').
 */
public final class DemoLakeport implements AutoCloseable {

  /** The demo sources conf/local.yaml configures. */
  public static final List<String> SOURCES = List.of("ms1", "ms2", "ms3");

  private final S3AsyncClient s3 = LocalStack.newS3AsyncClient();
  private final Map<String, ScratchBucket> buckets = new TreeMap<>();
  private final String schema;
  private final int apiPort;
  private LakeportProcess process;

  private DemoLakeport(String purpose) throws Exception {
    this.schema = LocalStack.uniqueSqlName(purpose);
    this.apiPort = LakeportProcess.freePort();
  }

  /** Creates the scratch buckets and schema name and starts the process; {@code purpose} names them and its logs. */
  public static DemoLakeport start(String purpose) throws Exception {
    DemoLakeport demo = new DemoLakeport(purpose);
    try {
      Map<String, String> env = new TreeMap<>();
      env.put("LAKEPORT_GROUPS", "ingest,api");
      env.put("LAKEPORT_API__PORT", Integer.toString(demo.apiPort));
      env.put("LAKEPORT_ENGINE__SCHEMA", demo.schema);
      // The Iceberg tables (conf/local.yaml's default format) in a namespace of the same scratch name.
      env.put("LAKEPORT_LAKE__ICEBERG__NAMESPACE", demo.schema);
      for (String source : SOURCES) {
        ScratchBucket bucket = ScratchBucket.create(demo.s3, purpose + "-" + source);
        demo.buckets.put(source, bucket);
        env.put("LAKEPORT_SOURCES__" + source.toUpperCase() + "__BUCKET", bucket.name());
      }
      demo.process = LakeportProcess.start("demo-" + purpose, LakeportProcess.repositoryRoot().resolve("conf/local.yaml"),
          env, List.of("ingest", "api"));
      return demo;
    } catch (Exception e) {
      try {
        demo.close();
      } catch (Exception cleanUp) {
        e.addSuppressed(cleanUp);
      }
      throw e;
    }
  }

  /** The scratch name of the engine schema (the views) and of the Iceberg namespace (the tables). */
  public String schema() {
    return schema;
  }

  /** The port the API listens on, on 127.0.0.1. */
  public int apiPort() {
    return apiPort;
  }

  /** The scratch bucket that stands for {@code source}'s bucket. */
  public String bucket(String source) {
    return buckets.get(source).name();
  }

  /** Stops the process, then removes the schema and the buckets; every step runs, the first failure is thrown. */
  @Override
  public void close() throws Exception {
    List<CleanUp> steps = new ArrayList<>();
    if (process != null) {
      steps.add(process::close);
    }
    steps.add(() -> TrinoSchemas.drop(LocalStack.TRINO_URI, schema));
    steps.add(() -> TrinoSchemas.drop(LocalStack.TRINO_URI, LocalStack.TRINO_ICEBERG_CATALOG, schema));
    buckets.values().forEach(b -> steps.add(b::close));
    steps.add(s3::close);
    CleanUp.all(steps);
  }
}
