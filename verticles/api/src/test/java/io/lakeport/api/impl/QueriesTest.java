package io.lakeport.api.impl;

import io.lakeport.catalog.IcebergSource;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.SqlParameter;
import io.lakeport.schema.LakeType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page statements {@link Queries} builds: what is bound, what is selected, how a key is continued. */
class QueriesTest {

  private static final LakeTable LINEAS = new LakeTable("ms1_lineas", List.of(
      new ResultColumn("pedido_id", "bigint"), new ResultColumn("linea", "integer"),
      new ResultColumn("producto", "varchar"), new ResultColumn("importe", "decimal(12,2)"),
      new ResultColumn("fecha", "date"), new ResultColumn("enviado_en", "timestamp(6)"),
      new ResultColumn("extra", "varchar")), List.of("pedido_id", "linea"), Set.of("extra"));

  private final Queries queries = new Queries("lake");

  private static ColumnValues.Bound bind(String column, String text) {
    return ColumnValues.bind(LINEAS.column(column).orElseThrow(), text);
  }

  @Test
  void aFirstPageSelectsEveryColumnJsonAsJsonInKeyOrder() {
    QuerySpec spec = queries.page(LINEAS, List.of("pedido_id", "linea", "producto", "importe", "fecha", "enviado_en", "extra"),
        List.of(), null, 11);
    assertThat(spec.sql()).isEqualTo("SELECT \"pedido_id\", \"linea\", \"producto\", \"importe\", \"fecha\", \"enviado_en\","
        + " coalesce(try(json_parse(\"extra\")), CAST(\"extra\" AS json)) AS \"extra\" FROM \"lake\".\"ms1_lineas\""
        + " ORDER BY \"pedido_id\", \"linea\" LIMIT 11");
    assertThat(spec.parameters()).isEmpty();
  }

  @Test
  void filtersAreBoundAsTypedParametersNeverSpliced() {
    String payload = "x' OR '1'='1";
    QuerySpec spec = queries.page(LINEAS, List.of("producto"), List.of(
        new Queries.Condition("producto", bind("producto", payload)),
        new Queries.Condition("importe", bind("importe", "10.50")),
        new Queries.Condition("fecha", bind("fecha", "2024-01-07")),
        new Queries.Condition("enviado_en", bind("enviado_en", "2024-01-07T02:11:59"))), null, 6);
    assertThat(spec.sql()).doesNotContain("1'='1").doesNotContain("10.50").doesNotContain("2024")
        .contains(" WHERE \"producto\" = ? AND \"importe\" = ? AND \"fecha\" = ? AND \"enviado_en\" = CAST(? AS timestamp(6))");
    assertThat(spec.parameters()).containsExactly(SqlParameter.varchar(payload), SqlParameter.decimal(new BigDecimal("10.50")),
        SqlParameter.date(LocalDate.of(2024, 1, 7)), SqlParameter.varchar("2024-01-07 02:11:59.000000"));
  }

  @Test
  void aZonedTimestampFilterTakesRfc3339AndIsBoundAsAnInstantInUtc() {
    ResultColumn pagadoEn = new ResultColumn("pagado_en", "timestamp(6) with time zone");
    for (String text : List.of("2024-01-07T02:11:59Z", "2024-01-07T03:11:59+01:00", "2024-01-07T02:11:59.000000Z",
        "2024-01-07 02:11:59")) {
      ColumnValues.Bound bound = ColumnValues.bind(pagadoEn, text);
      assertThat(bound.placeholder()).as(text).isEqualTo("CAST(? AS timestamp(6) with time zone)");
      assertThat(bound.parameter()).as(text).isEqualTo(SqlParameter.varchar("2024-01-07 02:11:59.000000 UTC"));
    }
    assertThatThrownBy(() -> ColumnValues.bind(pagadoEn, "2024-01-07T02:11:59 UTC'; DROP"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a value of type timestamp(6) with time zone");
  }

  @Test
  void aProjectionSelectsItsColumnsThenTheKeyColumnsItLeavesOut() {
    QuerySpec spec = queries.page(LINEAS, List.of("producto", "linea"), List.of(), null, 3);
    assertThat(spec.sql()).startsWith("SELECT \"producto\", \"linea\", \"pedido_id\" FROM ");
  }

  @Test
  void aCompositeKeyContinuesAfterTheLastRowInKeyOrder() {
    QuerySpec spec = queries.page(LINEAS, List.of("pedido_id", "linea"),
        List.of(new Queries.Condition("producto", bind("producto", "p"))),
        List.of(bind("pedido_id", "7"), bind("linea", "3")), 101);
    assertThat(spec.sql()).endsWith(" WHERE \"producto\" = ? AND (\"pedido_id\" > ? OR (\"pedido_id\" = ? AND \"linea\" > ?))"
        + " ORDER BY \"pedido_id\", \"linea\" LIMIT 101");
    assertThat(spec.parameters()).containsExactly(SqlParameter.varchar("p"), SqlParameter.bigint(7), SqlParameter.bigint(7),
        SqlParameter.bigint(3));
  }

  @Test
  void aSingleKeyContinuesWithOneComparison() {
    LakeTable single = new LakeTable("t", List.of(new ResultColumn("_id", "varchar")), List.of("_id"), Set.of());
    QuerySpec spec = queries.page(single, List.of("_id"), List.of(), List.of(ColumnValues.bind(single.columns().getFirst(), "a'b")), 2);
    assertThat(spec.sql()).isEqualTo("SELECT \"_id\" FROM \"lake\".\"t\" WHERE \"_id\" > ? ORDER BY \"_id\" LIMIT 2");
    assertThat(spec.parameters()).containsExactly(SqlParameter.varchar("a'b"));
  }

  @Test
  void valuesAreReadAsTheColumnsTypeOrRefused() {
    assertThat(bind("linea", "42").parameter()).isEqualTo(SqlParameter.bigint(42));
    assertThat(ColumnValues.bind(new ResultColumn("b", "boolean"), "true").parameter())
        .isEqualTo(new SqlParameter(LakeType.Primitive.BOOLEAN, true));
    assertThatThrownBy(() -> bind("linea", "4x")).hasMessage("'4x' is not a value of type integer");
    assertThatThrownBy(() -> bind("fecha", "07/01/2024")).hasMessage("'07/01/2024' is not a value of type date");
    assertThatThrownBy(() -> bind("importe", "diez")).hasMessage("'diez' is not a value of type decimal(12,2)");
    assertThatThrownBy(() -> ColumnValues.bind(new ResultColumn("b", "boolean"), "yes")).hasMessage("must be true or false");
    assertThatThrownBy(() -> ColumnValues.bind(new ResultColumn("tags", "array(varchar)"), "a"))
        .hasMessage("has type array(varchar), which cannot be compared with a value");
  }

  @Test
  void aPageOfASnapshotReadsTheIcebergTableAtThatVersionWithTheViewsColumns() {
    LakeTable iceberg = new LakeTable("ms1_t", List.of(new ResultColumn("id", "bigint"), new ResultColumn("at", "timestamp(6) with time zone"),
        new ResultColumn("extra", "varchar")), List.of("id"), Set.of("extra"),
        new IcebergSource("iceberg", "lakeport", "ms1_t", List.of("at")));
    QuerySpec spec = queries.page(iceberg, List.of("at", "extra"), List.of(new Queries.Condition("id",
        ColumnValues.bind(iceberg.column("id").orElseThrow(), "5"))), List.of(ColumnValues.bind(iceberg.column("id").orElseThrow(), "2")),
        11, 8_765_432_109_876_543_210L);
    assertThat(spec.sql()).isEqualTo("SELECT \"at\", coalesce(try(json_parse(\"extra\")), CAST(\"extra\" AS json)) AS \"extra\","
        + " \"id\" FROM (SELECT\n  \"id\",\n  \"at\" AT TIME ZONE 'UTC' AS \"at\",\n  \"extra\"\n"
        + "FROM \"iceberg\".\"lakeport\".\"ms1_t\" FOR VERSION AS OF 8765432109876543210) AS \"ms1_t\""
        + " WHERE \"id\" = ? AND \"id\" > ? ORDER BY \"id\" LIMIT 11");
    assertThat(spec.parameters()).containsExactly(SqlParameter.bigint(5), SqlParameter.bigint(2));
    // Without a snapshot, the same table is its view.
    assertThat(queries.page(iceberg, List.of("id"), List.of(), null, 2, null).sql())
        .isEqualTo("SELECT \"id\" FROM \"lake\".\"ms1_t\" ORDER BY \"id\" LIMIT 2");
  }

  @Test
  void aTableWithoutSnapshotsHasNoPageOfASnapshot() {
    assertThatThrownBy(() -> queries.page(LINEAS, List.of("linea"), List.of(), null, 2, 1L))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ms1_lineas");
  }
}
