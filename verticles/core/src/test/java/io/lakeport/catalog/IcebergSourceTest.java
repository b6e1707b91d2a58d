package io.lakeport.catalog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IcebergSourceTest {

  private final IcebergSource source = new IcebergSource("iceberg", "lakeport", "ms1_t", List.of("at"));

  @Test
  void aReadOfASnapshotHasTheViewsColumnExpressionsOverThatVersion() {
    assertThat(source.queryAtSnapshot(List.of("id", "at", "local"), 8_765_432_109_876_543_210L)).isEqualTo("""
        SELECT
          "id",
          "at" AT TIME ZONE 'UTC' AS "at",
          "local"
        FROM "iceberg"."lakeport"."ms1_t" FOR VERSION AS OF 8765432109876543210""");
  }

  @Test
  void theSnapshotAReadNamesIsTheCurrentOneOrTheOneCurrentAtAnInstant() {
    assertThat(source.snapshotQuery(null)).isEqualTo("SELECT CAST(h.snapshot_id AS varchar) AS snapshot_id, s.committed_at"
        + " FROM \"iceberg\".\"lakeport\".\"ms1_t$history\" h JOIN \"iceberg\".\"lakeport\".\"ms1_t$snapshots\" s"
        + " ON s.snapshot_id = h.snapshot_id ORDER BY h.made_current_at DESC LIMIT 1");
    assertThat(source.snapshotQuery(Instant.parse("2026-12-01T10:00:00.1234567Z")))
        .contains(" WHERE h.made_current_at <= TIMESTAMP '2026-12-01 10:00:00.123456 UTC' ORDER BY h.made_current_at DESC LIMIT 1");
  }

  @Test
  void theSnapshotsAreReadFromTheTablesMetadataTableNewestFirst() {
    assertThat(source.snapshotsQuery(20)).isEqualTo("SELECT CAST(snapshot_id AS varchar) AS snapshot_id, committed_at,"
        + " operation, CAST(parent_id AS varchar) AS parent_id,"
        + " CAST(element_at(summary, 'added-records') AS bigint) AS added_rows,"
        + " CAST(element_at(summary, 'deleted-records') AS bigint) AS deleted_rows,"
        + " CAST(element_at(summary, 'added-position-deletes') AS bigint) AS deleted_positions"
        + " FROM \"iceberg\".\"lakeport\".\"ms1_t$snapshots\" ORDER BY committed_at DESC, snapshot_id DESC LIMIT 20");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.snapshotsQuery(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theViewAndTheReadOfASnapshotShareTheirSelectList() {
    CommittedTable.IcebergTable iceberg = new CommittedTable.IcebergTable("iceberg", "lakeport", "ms1_t",
        "s3://raw-ms1/iceberg/ms1_t", "2026-12-02");
    TableDefinition definition = TableDefinition.of(new CommittedTable("raw-ms1", "ms1_t",
        new io.lakeport.schema.TableSchema("ms1", "t", List.of(
            new io.lakeport.schema.Column("id", "id", io.lakeport.schema.LakeType.Primitive.BIGINT, false, "bigint"),
            new io.lakeport.schema.Column("at", "at", io.lakeport.schema.LakeType.Primitive.TIMESTAMP, false, "timestamptz")),
            List.of("id"), List.of()), "s1", List.of(), io.lakeport.run.RunMode.FULL, false, List.of("at"), iceberg));
    IcebergSource source = IcebergSource.of(iceberg, definition);
    String view = DialectSql.icebergViewQuery(definition, iceberg, source.qualifiedName());
    String atSnapshot = source.queryAtSnapshot(List.of("id", "at"), 1L);
    String columns = "SELECT\n  \"id\",\n  \"at\" AT TIME ZONE 'UTC' AS \"at\"";
    assertThat(view).startsWith(columns + ",\n  CAST('2026-12-02' AS varchar) AS \"dt\"\nFROM ");
    assertThat(atSnapshot).startsWith(columns + "\nFROM ").endsWith("FOR VERSION AS OF 1");
  }

  @Test
  void namesThatAreNotLakeportsAreRefused() {
    assertThatThrownBy(() -> new IcebergSource("iceberg", "lake\"; DROP", "t", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IcebergSource("iceberg", "lakeport", "T", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
