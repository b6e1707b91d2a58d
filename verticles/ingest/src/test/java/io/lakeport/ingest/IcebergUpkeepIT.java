package io.lakeport.ingest;

import io.lakeport.config.LakeportConfig;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.RunStatus;
import io.lakeport.testing.IcebergSqlSource;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.StackConfig;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upkeep of a {@code format: iceberg} PostgreSQL source's table through Trino, against the local stack:
 * a full run and three incremental runs leave several small data files; the upkeep (asked for on
 * {@link IngestAddresses#UPKEEP}) compacts them, expires nothing recent (Trino's minimum and Lakeport's default
 * retention are 7 days, so every snapshot of this test is kept) and leaves the rows as the source has them;
 * the next incremental run still reads only the rows changed since.
 */
@ExtendWith(LocalStackExtension.class)
class IcebergUpkeepIT {

  private static final String NAMESPACE = LocalStack.uniqueSqlName("iceberg_upkeep");
  private static IcebergSqlSource lake;

  @BeforeAll
  static void start() throws Exception {
    lake = IcebergSqlSource.start(NAMESPACE, "itup", "iceberg-upkeep",
        "CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(64), updated_at timestamptz NOT NULL)",
        new JsonObject().put("rowGroupMib", 1).put("targetFileMib", 1).put("upkeep", new JsonObject().put("retentionDays", 7)));
  }

  @AfterAll
  static void stop() throws Exception {
    lake.close();
  }

  private static void insert(long from, long to, int second) {
    lake.db.execute("INSERT INTO orders SELECT g, 'name-' || g, timestamptz '2024-01-01 00:00:00+00' + (" + second
        + " + g) * interval '1 second' FROM generate_series(" + from + ", " + to + ") g");
  }

  private static List<List<String>> sourceRows() throws Exception {
    String sql = "SELECT id::text, name, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' UTC'"
        + " FROM orders ORDER BY orders.id";
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(lake.db.jdbcUrl(), LocalStack.POSTGRES.user(), LocalStack.POSTGRES.password());
         Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(List.of(r.getString(1), r.getString(2), r.getString(3)));
      }
    }
    return rows;
  }

  private static List<List<String>> lakeRows() throws Exception {
    List<List<String>> rows = new ArrayList<>();
    for (JsonArray r : lake.trino("SELECT CAST(id AS varchar), name, CAST(updated_at AS varchar) FROM " + lake.table + " ORDER BY id")) {
      rows.add(List.of(r.getString(0), r.getString(1), r.getString(2)));
    }
    return rows;
  }

  private static int dataFiles() throws Exception {
    return lake.trino("SELECT count(*) FROM \"" + NAMESPACE + "\".\"itup_orders$files\" WHERE content = 0").getFirst().getInteger(0);
  }

  private static List<Long> snapshots() throws Exception {
    return lake.trino("SELECT snapshot_id FROM \"" + NAMESPACE + "\".\"itup_orders$snapshots\" ORDER BY committed_at")
        .stream().map(r -> r.getLong(0)).toList();
  }

  private static JsonObject upkeep() throws Exception {
    return lake.vertx.eventBus().<JsonObject>request(IngestAddresses.UPKEEP, new JsonObject().put("source", "itup"),
            new DeliveryOptions().setSendTimeout(TimeUnit.MINUTES.toMillis(10)))
        .toCompletionStage().toCompletableFuture().get(11, TimeUnit.MINUTES).body();
  }

  @Test
  void upkeepCompactsTheRunsSmallFilesKeepsRecentSnapshotsAndTheWatermark() throws Exception {
    insert(1, 2000, 0);
    lake.succeeded("full");
    for (int run = 1; run <= 3; run++) {
      // Each run's changes are past the watermark of the one before: a day later, per run.
      String changedAt = "timestamptz '2024-02-01 00:00:00+00' + " + run + " * interval '1 day'";
      lake.db.execute("UPDATE orders SET name = 'changed-" + run + "', updated_at = " + changedAt + " + id * interval '1 second'"
          + " WHERE id % 100 = " + run);
      lake.db.execute("INSERT INTO orders SELECT g, 'name-' || g, " + changedAt + " + g * interval '1 second'"
          + " FROM generate_series(" + (2000 + run * 10) + ", " + (2009 + run * 10) + ") g");
      assertThat(lake.succeeded("incremental").tables().getFirst().rows()).as("rows of incremental run " + run).isEqualTo(30);
    }
    int filesBefore = dataFiles();
    assertThat(filesBefore).as("data files after a full and three incremental runs").isGreaterThanOrEqualTo(4);
    List<Long> snapshotsBefore = snapshots();
    List<List<String>> rows = sourceRows();
    assertThat(lakeRows()).isEqualTo(rows);

    JsonObject report = upkeep();
    assertThat(report.getString("state")).as(report.encodePrettily()).isEqualTo("succeeded");
    assertThat(report.getJsonArray("tables").stream().map(t -> ((JsonObject) t).getString("table")).toList())
        .containsExactly("itup_orders");

    assertThat(dataFiles()).as("data files after the upkeep's optimize").isLessThan(filesBefore);
    assertThat(lakeRows()).isEqualTo(rows);
    List<Long> snapshotsAfter = snapshots();
    assertThat(snapshotsAfter).as("a 7-day retention expires none of this test's snapshots")
        .containsAll(snapshotsBefore).hasSize(snapshotsBefore.size() + 1);
    assertThat(lake.trino("SELECT operation FROM \"" + NAMESPACE + "\".\"itup_orders$snapshots\" ORDER BY committed_at DESC LIMIT 1")
        .getFirst().getString(0)).as("the optimize snapshot").isEqualTo("replace");

    lake.db.execute("UPDATE orders SET name = 'after upkeep', updated_at = timestamptz '2024-03-01 00:00:00+00' WHERE id = 42");
    RunStatus after = lake.succeeded("incremental");
    assertThat(after.tables().getFirst().rows()).as("rows read after the upkeep").isEqualTo(1);
    assertThat(lakeRows()).isEqualTo(sourceRows());
  }
}
