package io.lakeport.catalog;

import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.run.RunMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewCommentTest {

  private static Column column(String name, LakeType type) {
    return new Column(name, name, type, false, type.sql());
  }

  private static TableDefinition definition(List<String> primaryKey) {
    List<Column> columns = List.of(column("pedido", LakeType.Primitive.BIGINT), column("linea", LakeType.Primitive.INTEGER),
        column("extra", LakeType.Primitive.JSON), column("nota", LakeType.Primitive.VARCHAR));
    return TableDefinition.of(new CommittedTable("raw-ms1", "ms1_lineas",
        new TableSchema("ms1", "lineas", columns, primaryKey, List.of()), "s1", List.of("2026-11-27"), RunMode.FULL, false));
  }

  @Test
  void recordsTheCompositeKeyAndTheJsonColumnsAndReadsThemBack() {
    ViewComment comment = ViewComment.of(definition(List.of("pedido", "linea")), "s3://raw-ms1/lineas/snapshot=s1/");
    assertThat(comment.text()).isEqualTo("{\"location\":\"s3://raw-ms1/lineas/snapshot=s1/\","
        + "\"primaryKey\":[\"pedido\",\"linea\"],\"jsonColumns\":[\"extra\"]}");
    assertThat(ViewComment.parse(comment.text())).isEqualTo(comment);
  }

  @Test
  void aKeyNamingAColumnTheLakeDoesNotHaveIsNotRecorded() {
    assertThat(ViewComment.of(definition(List.of("pedido", "missing")), "s3://b/t/").primaryKey()).isEmpty();
  }

  @Test
  void aBareLocationOfAnOlderViewReadsAsThatLocationAlone() {
    assertThat(ViewComment.parse("s3://raw-ms1/usuarios/snapshot=s1/"))
        .isEqualTo(new ViewComment("s3://raw-ms1/usuarios/snapshot=s1/", List.of(), List.of()));
  }

  @Test
  void anyOtherCommentReadsAsNothing() {
    ViewComment nothing = new ViewComment(null, List.of(), List.of());
    assertThat(ViewComment.parse(null)).isEqualTo(nothing);
    assertThat(ViewComment.parse("my own view")).isEqualTo(nothing);
    assertThat(ViewComment.parse("{not json")).isEqualTo(nothing);
    assertThat(ViewComment.parse("{\"location\":\"http://elsewhere\",\"primaryKey\":\"id\"}")).isEqualTo(nothing);
  }

  @Test
  void theViewOfAnIcebergTableRecordsThatTableAndReadsItBack() {
    IcebergSource iceberg = new IcebergSource("iceberg", "lakeport", "ms1_lineas", List.of("enviado_en"));
    ViewComment comment = ViewComment.of(definition(List.of("pedido")), "s3://raw-ms1/iceberg/ms1_lineas", iceberg);
    assertThat(comment.text()).endsWith(",\"iceberg\":{\"catalog\":\"iceberg\",\"namespace\":\"lakeport\","
        + "\"table\":\"ms1_lineas\",\"zonedColumns\":[\"enviado_en\"]}}");
    assertThat(ViewComment.parse(comment.text())).isEqualTo(comment);
    assertThat(ViewComment.parse(comment.text()).iceberg()).isEqualTo(iceberg);
    // A JSON Lines view records none, and its comment is the text it always was.
    assertThat(ViewComment.of(definition(List.of("pedido")), "s3://b/t/").text()).doesNotContain("iceberg");
  }

  @Test
  void aRecordedIcebergTableThatIsNoNameLakeportWritesIsNone() {
    String comment = "{\"location\":\"s3://b/t\",\"primaryKey\":[\"id\"],\"jsonColumns\":[],"
        + "\"iceberg\":{\"catalog\":\"iceberg\",\"namespace\":\"x\\\" --\",\"table\":\"t\"}}";
    ViewComment parsed = ViewComment.parse(comment);
    assertThat(parsed.iceberg()).isNull();
    assertThat(parsed.primaryKey()).containsExactly("id");
  }
}
