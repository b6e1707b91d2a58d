package io.lakeport.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Bucket;

/** The scratch helpers really create and really remove, against the running stack. */
@ExtendWith(LocalStackExtension.class)
class ScratchResourcesIT {
  private static S3AsyncClient s3;

  @BeforeAll
  static void client() {
    s3 = LocalStack.newS3AsyncClient();
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  @Test
  void scratchBucketIsCreatedThenRemovedWithItsObjectsAndUnfinishedUploads() throws Exception {
    String name;
    try (ScratchBucket bucket = ScratchBucket.create(s3, "testkit")) {
      name = bucket.name();
      assertThat(bucketNames()).contains(name);
      for (String key : List.of("a.json", "dir/b.json", "dir/sub/c.json")) {
        s3.putObject(b -> b.bucket(name).key(key), AsyncRequestBody.fromString("{}")).get();
      }
      s3.createMultipartUpload(b -> b.bucket(name).key("unfinished.jsonl")).get();
    }
    assertThat(bucketNames()).doesNotContain(name).containsAll(LocalStack.DEMO_BUCKETS);
  }

  @ParameterizedTest
  @EnumSource(SqlServer.Kind.class)
  void scratchDatabaseIsCreatedUsableThenDropped(SqlServer.Kind kind) throws Exception {
    SqlServer server = kind == SqlServer.Kind.POSTGRESQL ? LocalStack.POSTGRES : LocalStack.MARIADB;
    String name;
    try (ScratchDatabase db = ScratchDatabase.create(server, "testkit")) {
      name = db.name();
      db.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO t VALUES (1, 'Begoña')");
      try (var connection = DriverManager.getConnection(db.jdbcUrl(), server.user(), server.password());
         ResultSet rows = connection.createStatement().executeQuery("SELECT name FROM t WHERE id = 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("Begoña");
      }
    }
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(name), server.user(), server.password()).close())
        .hasMessageContaining(name);
  }

  private static List<String> bucketNames() throws Exception {
    return s3.listBuckets().get().buckets().stream().map(Bucket::name).toList();
  }
}
