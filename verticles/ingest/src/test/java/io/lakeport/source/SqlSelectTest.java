package io.lakeport.source;

import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one select the SQL sources read a table with, in each quoting. */
class SqlSelectTest {

  private static Column column(String name) {
    return new Column(name, name.toLowerCase(java.util.Locale.ROOT), LakeType.Primitive.INTEGER, true, "int");
  }

  @Test
  void quotesNamesDoublingTheQuoteInsideAndLeavesThemBareWithoutAQuote() {
    assertThat(SqlSelect.quote("we\"ird", "\"")).isEqualTo("\"we\"\"ird\"");
    assertThat(SqlSelect.quote("we`ird", "`")).isEqualTo("`we``ird`");
    assertThat(SqlSelect.quote("plain", "")).isEqualTo("plain");
  }

  @Test
  void readsEveryRowWithoutAWatermarkAndInWatermarkOrderWithOne() {
    Column id = column("Id");
    Column at = column("at");
    SqlSelect select = new SqlSelect("`");
    assertThat(select.add(select.ref(id))).isZero();
    assertThat(select.add("CAST(" + select.ref(at) + " AS CHAR)")).isEqualTo(1);
    assertThat(select.sql("my table", null, null)).isEqualTo("SELECT t.`Id`, CAST(t.`at` AS CHAR) FROM `my table` t");
    assertThat(select.sql("my table", at, null))
        .isEqualTo("SELECT t.`Id`, CAST(t.`at` AS CHAR) FROM `my table` t ORDER BY t.`at`");
    assertThat(select.sql("my table", at, "?"))
        .isEqualTo("SELECT t.`Id`, CAST(t.`at` AS CHAR) FROM `my table` t WHERE t.`at` > ? ORDER BY t.`at`");
  }

  @Test
  void aRangeIsOneMoreConditionBesideTheWatermarkBound() {
    Column id = column("id");
    SqlSelect select = new SqlSelect("\"");
    select.add(select.ref(id));
    assertThat(select.sql("t1", null, null, "t.ctid < '(5,0)'::tid"))
        .isEqualTo("SELECT t.\"id\" FROM \"t1\" t WHERE t.ctid < '(5,0)'::tid");
    assertThat(select.sql("t1", id, "$1", "t.\"id\" >= 10 AND t.\"id\" < 20"))
        .isEqualTo("SELECT t.\"id\" FROM \"t1\" t WHERE t.\"id\" > $1 AND t.\"id\" >= 10 AND t.\"id\" < 20 ORDER BY t.\"id\"");
  }
}
