package io.lakeport.ingest;

import io.lakeport.run.RunStatus;
import io.lakeport.config.LakeportConfig;
import io.lakeport.run.RunStatus.State;
import io.lakeport.testing.IcebergSqlSource;
import io.lakeport.testing.IngestBus;
import io.lakeport.testing.TextRows;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.StackConfig;
import io.lakeport.testkit.LocalStackExtension;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.TrinoStatements;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest group with a {@code format: iceberg} PostgreSQL source, end to end against the local stack:
 * Parquet data files in S3Proxy, the JDBC catalog in PostgreSQL, read back row by row through Trino's
 * Iceberg connector after a full run, an incremental upsert, a full re-run (the old snapshot still
 * readable by version), an added source column, and an incompatible type change (the table fails, its
 * snapshot stays).
 */
@ExtendWith(LocalStackExtension.class)
class IcebergIngestIT {

  private static final String NAMESPACE = LocalStack.uniqueSqlName("iceberg_ingest");
  private static IcebergSqlSource lake;
  private static String TABLE;
  /** The engine table the API queries: a view in the Hive catalog's schema (engine.schema) over the Iceberg table. */
  private static String VIEW;
  private static S3AsyncClient s3;
  private static ScratchBucket bucket;
  private static ScratchDatabase db;
  private static IngestBus bus;

  @BeforeAll
  static void start() throws Exception {
    lake = IcebergSqlSource.start(NAMESPACE, "itpg", "iceberg-ingest", "CREATE TABLE orders (id bigint PRIMARY KEY, "
        + "amount numeric(12,2), name varchar(64), updated_at timestamptz NOT NULL, local_at timestamp, paid boolean, "
        + "note text)", new JsonObject().put("rowGroupMib", 1).put("targetFileMib", 1));
    TABLE = lake.table;
    VIEW = lake.view;
    s3 = lake.s3;
    bucket = lake.bucket;
    db = lake.db;
    bus = lake.bus;
  }

  @AfterAll
  static void stop() throws Exception {
    lake.close();
  }

  private static void insert(long from, long to, int second) {
    db.execute("INSERT INTO orders SELECT g, (g * 1.01)::numeric(12,2), 'name-' || g, "
        + "timestamptz '2024-01-01 00:00:00+00' + (" + second + " + g) * interval '1 second', "
        + "timestamp '2024-06-01 12:00:00.000001' + g * interval '1 minute', g % 2 = 0, "
        + "CASE WHEN g % 7 = 0 THEN NULL ELSE repeat('x', (g % 40)::int) END FROM generate_series(" + from + ", " + to + ") g");
  }

  /** Every row of the source, each value as text in the form Trino prints it, ordered by id. */
  private static List<List<String>> sourceRows(String extraColumn) throws Exception {
    String sql = "SELECT id::text, amount::text, name, to_char(updated_at AT TIME ZONE 'UTC', "
        + "'YYYY-MM-DD HH24:MI:SS.US') || ' UTC', to_char(local_at, 'YYYY-MM-DD HH24:MI:SS.US'), paid::text, note"
        + (extraColumn == null ? "" : ", " + extraColumn + "::text") + " FROM orders ORDER BY orders.id";
    return TextRows.jdbc(db.jdbcUrl(), LocalStack.POSTGRES.user(), LocalStack.POSTGRES.password(), sql);
  }

  /** The same as the lake has it, through Trino. */
  private static List<List<String>> lakeRows(String extraColumn, String asOf) throws Exception {
    return rows(TABLE + (asOf == null ? "" : " FOR VERSION AS OF " + asOf), extraColumn);
  }

  /** The rows through the engine view: zoned timestamps in UTC with their zone, zone-less ones without. */
  private static List<List<String>> viewRows() throws Exception {
    return rows(VIEW, null);
  }

  private static List<List<String>> rows(String from, String extraColumn) throws Exception {
    return TextRows.of(lake.trino("SELECT CAST(id AS varchar), CAST(amount AS varchar), name, CAST(updated_at AS varchar), "
        + "CAST(local_at AS varchar), CAST(paid AS varchar), note"
        + (extraColumn == null ? "" : ", CAST(" + extraColumn + " AS varchar)") + " FROM " + from + " ORDER BY id"));
  }


  private static long currentSnapshot() throws Exception {
    return lake.trino("SELECT snapshot_id FROM \"" + NAMESPACE + "\".\"itpg_orders$snapshots\" ORDER BY committed_at DESC LIMIT 1")
        .getFirst().getLong(0);
  }

  @Test
  void fullIncrementalAndSchemaChangesLeaveTheLakeEqualToTheSource() throws Exception {
    insert(1, 3000, 0);
    lake.succeeded("full");
    String ddl = lake.trino("SHOW CREATE TABLE " + TABLE).getFirst().getString(0);
    assertThat(ddl).contains("format = 'PARQUET'").contains("format_version = 2");
    assertThat(lake.trino("DESCRIBE " + TABLE).stream().map(r -> r.getString(0) + " " + r.getString(1)).toList())
        .containsExactly("id bigint", "amount decimal(12,2)", "name varchar", "updated_at timestamp(6) with time zone",
            "local_at timestamp(6)", "paid boolean", "note varchar");
    List<List<String>> firstRows = sourceRows(null);
    assertThat(lakeRows(null, null)).isEqualTo(firstRows);
    long firstSnapshot = currentSnapshot();
    assertThat(lake.trino("DESCRIBE " + VIEW).stream().map(r -> r.getString(0) + " " + r.getString(1)).toList())
        .containsExactly("id bigint", "amount decimal(12,2)", "name varchar", "updated_at timestamp(6) with time zone",
            "local_at timestamp(6)", "paid boolean", "note varchar", "dt varchar");
    assertThat(viewRows()).isEqualTo(firstRows);

    // Update 3, insert 2: the incremental run upserts by the primary key (position deletes, one snapshot).
    db.execute("UPDATE orders SET amount = 99999.99, name = 'changed', updated_at = timestamptz '2024-02-01 00:00:00+00' + id * interval '1 second' WHERE id IN (5, 1500, 3000)");
    insert(3001, 3002, 100_000);
    RunStatus incremental = lake.succeeded("incremental");
    assertThat(incremental.tables().getFirst().rows()).isEqualTo(5);
    assertThat(lakeRows(null, null)).isEqualTo(sourceRows(null));
    assertThat(viewRows()).isEqualTo(sourceRows(null));
    assertThat(lake.trino("SELECT count(*) FROM \"" + NAMESPACE + "\".\"itpg_orders$files\" WHERE content = 1")
        .getFirst().getInteger(0)).as("position delete files").isEqualTo(1);

    // A commit of the engine's own (Trino's optimize: a replace snapshot without Lakeport's summary) keeps the
    // watermark: the next incremental run reads only the row changed since.
    lake.trino("ALTER TABLE " + TABLE + " EXECUTE optimize");
    assertThat(lake.trino("SELECT operation FROM \"" + NAMESPACE + "\".\"itpg_orders$snapshots\" ORDER BY committed_at DESC LIMIT 1")
        .getFirst().getString(0)).as("the optimize snapshot").isEqualTo("replace");
    db.execute("UPDATE orders SET name = 'after optimize', updated_at = timestamptz '2024-03-01 00:00:00+00' WHERE id = 42");
    RunStatus afterOptimize = lake.succeeded("incremental");
    assertThat(afterOptimize.tables().getFirst().rows()).as("rows read after the optimize").isEqualTo(1);
    assertThat(lakeRows(null, null)).isEqualTo(sourceRows(null));

    // A full re-run after a delete: exactly the source, and the first snapshot still reads as it was.
    db.execute("DELETE FROM orders WHERE id = 7");
    lake.succeeded("full");
    assertThat(lakeRows(null, null)).isEqualTo(sourceRows(null));
    assertThat(lakeRows(null, Long.toString(firstSnapshot))).isEqualTo(firstRows);

    // A column added in the source appears at the next run; older snapshots read it as null.
    db.execute("ALTER TABLE orders ADD COLUMN discount numeric(5,2)", "UPDATE orders SET discount = 1.25 WHERE id = 10");
    lake.succeeded("full");
    assertThat(lakeRows("discount", null)).isEqualTo(sourceRows("discount"));

    // An incompatible change fails the table naming the column and both types; its snapshot stays.
    long before = currentSnapshot();
    db.execute("ALTER TABLE orders ALTER COLUMN amount TYPE text");
    RunStatus failed = lake.run("full");
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(String.valueOf(failed.tables().getFirst().error()) + failed.error())
        .contains("amount").contains("decimal(12, 2)").contains("string").contains("rebuild");
    assertThat(currentSnapshot()).isEqualTo(before);
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket.name())).get().uploads()).isEmpty();
  }
}
