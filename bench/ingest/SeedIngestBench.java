import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original project's way of ingesting a table (seed ingester.py: pymysql/psycopg2 fetchall, one
 * json.dumps per row with str() for what JSON lacks, one boto3 put_object of the whole file), in Java for
 * a like-for-like JVM: the whole result set in memory as rows of column maps, then every row serialized
 * into one in-memory JSON Lines file, then one PutObject. bench/ingest/run.sh times it beside Lakeport's
 * streaming ingest on the same table and store, and prints its peak RSS. Prints one RESULT line.
 *
 * <p>Arguments: --kind postgresql|mysql --port N --database DB --table T --endpoint URL --bucket B
 */
public final class SeedIngestBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      arg.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    // The client and the bucket are set up before the clock starts, as IngestBench does for Lakeport.
    try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(URI.create(arg.get("endpoint")))
        .region(Region.US_EAST_1).forcePathStyle(true)
        // As Lakeport's own client does against S3-compatible stores (S3Clients): no flexible-checksum trailers.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("lakeport", "lakeport-secret")))
        .build()) {
      s3.createBucket(b -> b.bucket(arg.get("bucket"))).exceptionally(e -> null).get();
      run(arg, s3);
    }
  }

  private static void run(Map<String, String> arg, S3AsyncClient s3) throws Exception {
    boolean pg = arg.get("kind").equals("postgresql");
    String url = (pg ? "jdbc:postgresql://127.0.0.1:" : "jdbc:mariadb://127.0.0.1:") + arg.get("port") + "/"
        + arg.get("database");
    long start = System.nanoTime();
    // fetchall(): every row in memory before the first byte is written.
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, pg ? "postgres" : "root", "");
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT * FROM " + arg.get("table"))) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          Object value = result.getObject(c);
          // json.dumps(default=str): numbers and strings as they are, anything else as its text.
          row.put(meta.getColumnLabel(c), value == null || value instanceof Number || value instanceof String
              || value instanceof Boolean ? value : value.toString());
        }
        rows.add(row);
      }
    }
    long fetched = System.nanoTime();
    // '\n'.join(json.dumps(r) for r in rows): the whole file in memory.
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (Map<String, Object> row : rows) {
      file.writeBytes(new JsonObject(row).encode().getBytes(StandardCharsets.UTF_8));
      file.write('\n');
    }
    byte[] body = file.toByteArray();
    long serialized = System.nanoTime();
    s3.putObject(b -> b.bucket(arg.get("bucket")).key(arg.get("table") + "/seed.jsonl"),
        AsyncRequestBody.fromBytes(body)).get();
    long end = System.nanoTime();
    System.out.printf("RESULT kind=%s rows=%d jsonBytes=%d seconds=%.3f fetchSeconds=%.3f serializeSeconds=%.3f "
            + "putSeconds=%.3f rssPeakMiB=%d%n", arg.get("kind"), rows.size(), body.length, (end - start) / 1e9,
        (fetched - start) / 1e9, (serialized - fetched) / 1e9, (end - serialized) / 1e9, IngestBench.rssPeakMib());
  }
}
