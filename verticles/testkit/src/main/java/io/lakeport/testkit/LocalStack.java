package io.lakeport.testkit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Where the services of {@code scripts/local-stack} listen and how to log in to them.
 *
 * <p>The values are fixed development settings, the same ones the script writes into the services'
 * configuration; change both together. Tests that use them run with {@link LocalStackExtension},
 * which starts the stack when it is not answering.
 *
 * <p>Shared, never to be dropped or emptied by a test: the demo databases {@link #DEMO_MARIADB_DATABASE},
 * {@link #DEMO_POSTGRES_DATABASE}, {@link #DEMO_MONGO_DATABASE} and the {@link #DEMO_BUCKETS}. A test that
 * writes uses its own {@link ScratchBucket}, {@link ScratchDatabase} or a {@link #uniqueName} of its own.
 */
public final class LocalStack {
  public static final String HOST = "127.0.0.1";

  /** S3Proxy, filesystem backend. Clients must use path-style addressing. */
  public static final URI S3_ENDPOINT = URI.create("http://" + HOST + ":9000");
  public static final Region S3_REGION = Region.US_EAST_1;
  public static final String S3_ACCESS_KEY = "lakeport";
  public static final String S3_SECRET_KEY = "lakeport-secret";
  /** One bucket per demo source, as in the seed project. */
  public static final List<String> DEMO_BUCKETS = List.of("raw-ms1", "raw-ms2", "raw-ms3");

  /** Trino's client protocol (POST /v1/statement); any user name, no password. */
  public static final URI TRINO_URI = URI.create("http://" + HOST + ":8080");
  public static final String TRINO_USER = "lakeport";
  /** The Hive catalog over S3Proxy (file metastore), where the lake's tables are registered. */
  public static final String TRINO_CATALOG = "hive";
  /** Trino's Iceberg catalog: Iceberg's JDBC catalog {@link #ICEBERG_CATALOG_NAME} in {@link #ICEBERG_CATALOG_URI}. */
  public static final String TRINO_ICEBERG_CATALOG = "iceberg";
  public static final String ICEBERG_CATALOG_URI = "jdbc:postgresql://" + HOST + ":5432/lakeport_catalog";
  public static final String ICEBERG_CATALOG_NAME = "lakeport";
  public static final String ICEBERG_CATALOG_USER = "postgres";
  /** Loopback PostgreSQL trusts its clients; a fixed development value, as Trino's catalog file has it. */
  public static final String ICEBERG_CATALOG_PASSWORD = "lakeport";
  public static final String ICEBERG_WAREHOUSE = "s3://lakeport-warehouse/";

  /** mongo-java-server with the memory backend: its data lives as long as the stack runs. */
  public static final String MONGO_CONNECTION_STRING = "mongodb://" + HOST + ":27017";

  public static final SqlServer POSTGRES = new SqlServer(SqlServer.Kind.POSTGRESQL, HOST, 5432, "postgres", "");
  public static final SqlServer MARIADB = new SqlServer(SqlServer.Kind.MARIADB, HOST, 3306, "root", "");

  /** The demo databases loaded from init-scripts/ (see init-scripts/README.md for their content). */
  public static final String DEMO_MARIADB_DATABASE = "ms1";
  public static final String DEMO_POSTGRES_DATABASE = "ms2";
  public static final String DEMO_MONGO_DATABASE = "ms3";

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger();

  private LocalStack() {
  }

  public static StaticCredentialsProvider s3Credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_ACCESS_KEY, S3_SECRET_KEY));
  }

  /** A new S3 client for S3Proxy (Netty, path-style, fixed credentials). The caller closes it. */
  public static S3AsyncClient newS3AsyncClient() {
    return S3AsyncClient.builder()
        .endpointOverride(S3_ENDPOINT)
        .region(S3_REGION)
        .credentialsProvider(s3Credentials())
        .forcePathStyle(true)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build();
  }

  /**
   * A name no other test run uses: {@code lp-<purpose>-<time><random>}, lower case, at most 40 characters,
   * valid as an S3 bucket name. {@link #uniqueSqlName} gives the same with underscores.
   */
  public static String uniqueName(String purpose) {
    String cleaned = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (cleaned.length() > 20) {
      cleaned = cleaned.substring(0, 20).replaceAll("-+$", "");
    }
    // Time, a fixed-width random part (other JVMs on the same stack) and a sequence (this JVM): names made in
    // the same millisecond by one JVM never repeat (a random part alone did, about once in three runs of 1000).
    String suffix = Long.toString(System.currentTimeMillis(), 36) + fixedWidth(RANDOM.nextInt(36 * 36 * 36 * 36), 4)
        + fixedWidth(SEQUENCE.getAndIncrement() % (36 * 36 * 36), 3);
    return "lp-" + (cleaned.isEmpty() ? "" : cleaned + "-") + suffix;
  }

  private static String fixedWidth(int value, int digits) {
    String text = Integer.toString(value, 36);
    return "0".repeat(digits - text.length()) + text;
  }

  /** {@link #uniqueName} usable unquoted as an SQL or Mongo database, schema or table name. */
  public static String uniqueSqlName(String purpose) {
    return uniqueName(purpose).replace('-', '_');
  }

  /**
   * The repository root: system property {@code lakeport.home} (failsafe sets it), else the first folder
   * upwards from the working directory that holds {@code scripts/local-stack}.
   */
  public static Path repositoryRoot() {
    String home = System.getProperty("lakeport.home");
    if (home != null && !home.isBlank() && Files.isRegularFile(Path.of(home, "scripts", "local-stack"))) {
      return Path.of(home).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts").resolve("local-stack"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find scripts/local-stack: set -Dlakeport.home to the repository root"
        + " (lakeport.home=" + home + ", working directory " + Path.of("").toAbsolutePath() + ")");
  }
}
