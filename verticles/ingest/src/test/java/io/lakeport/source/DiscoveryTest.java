package io.lakeport.source;

import io.lakeport.config.LakeportConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which tables a source copies and which watermark columns it accepts. */
class DiscoveryTest {

  private final LakeportConfig.SourceConfig config = SourceTesting.config("ms9", new JsonObject().put("kind", "postgresql")
      .put("host", "h").put("database", "d").put("user", "u"), 10, 4).source("ms9");

  @Test
  void allTablesSortedOrTheRequestedOnesInOrder() {
    assertThat(Discovery.select(config, "db", List.of("b", "a"), List.of())).containsExactly("a", "b");
    assertThat(Discovery.select(config, "db", List.of("b", "a"), List.of("b"))).containsExactly("b");
    assertThatThrownBy(() -> Discovery.select(config, "database 'd'", List.of("a"), List.of("a", "x", "y")))
        .hasMessage("source 'ms9': tables 'x', 'y' not found in database 'd' (found: a)");
  }

  @Test
  void watermarkColumnsByNameOrLakeNameAndOnlyOrderedScalars() {
    TableSchema table = new TableSchema("ms9", "t", List.of(
        new Column("Updated.At", "updated_at", LakeType.Primitive.TIMESTAMP, true, "timestamp"),
        new Column("doc", "doc", LakeType.Primitive.JSON, true, "jsonb")), List.of(), List.of());
    assertThat(Discovery.watermarkColumn(config, table, "Updated.At").lakeName()).isEqualTo("updated_at");
    assertThat(Discovery.watermarkColumn(config, table, "updated_at").name()).isEqualTo("Updated.At");
    assertThat(Discovery.watermarkColumn(config, table, null)).isNull();
    assertThatThrownBy(() -> Discovery.watermarkColumn(config, table, "nope"))
        .hasMessage("source 'ms9' table 't': watermark column 'nope' does not exist");
    assertThatThrownBy(() -> Discovery.watermarkColumn(config, table, "doc"))
        .hasMessageContaining("has type json");
  }
}
