package io.lakeport.source;

import io.lakeport.schema.LakeType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Schema inference for documents: merging shapes and their lake types. */
class MongoShapeTest {

  private static MongoShape shapeOf(Object... values) {
    MongoShape shape = MongoShape.UNKNOWN;
    for (Object v : values) {
      shape = MongoShape.merge(shape, MongoShape.of(v));
    }
    return shape;
  }

  private static String lakeType(Object... values) {
    return MongoShape.lakeType(shapeOf(values), "f", new ArrayList<>()).sql();
  }

  @Test
  void numbersWidenOnlyWhereNoValueChanges() {
    assertThat(lakeType(1, 2)).isEqualTo("integer");
    assertThat(lakeType(1, 5_000_000_000L)).isEqualTo("bigint");
    assertThat(lakeType(1, 2.5)).isEqualTo("double");
    assertThat(lakeType(5_000_000_000L, 2.5)).isEqualTo("json");
    assertThat(lakeType(new BigDecimal("12.50"), 7)).isEqualTo("decimal(38,2)");
    assertThat(lakeType(new JsonObject().put("$numberDecimal", "0.001"), 123_456_789_012L)).isEqualTo("decimal(38,3)");
    assertThat(lakeType(new BigDecimal("1.5"), 2.5)).isEqualTo("json");
  }

  @Test
  void wrappersAreTheirBsonKinds() {
    assertThat(lakeType(new JsonObject().put("$oid", "65a1b2c3d4e5f60718293a41"))).isEqualTo("varchar");
    assertThat(lakeType(new JsonObject().put("$date", "2024-01-01T00:00:00Z"))).isEqualTo("timestamp");
    assertThat(lakeType(new JsonObject().put("$binary", new byte[] {1}).put("$type", 0))).isEqualTo("varbinary");
    assertThat(lakeType(new JsonObject().put("$numberLong", "9007199254740993"))).isEqualTo("bigint");
    assertThat(lakeType(new JsonObject().put("$date", "2024-01-01T00:00:00Z"), "2024-01-01")).isEqualTo("json");
  }

  @Test
  void nullsAddNothingAndOnlyNullsAreJson() {
    assertThat(lakeType(null, "a", null)).isEqualTo("varchar");
    assertThat(lakeType((Object) null)).isEqualTo("json");
  }

  @Test
  void documentsMergeFieldsAndArraysMergeElements() {
    Object a = new JsonObject().put("city", "X").put("geo", new JsonObject().put("lat", 1.5));
    Object b = new JsonObject().put("geo", new JsonObject().put("lng", 2)).put("zip", 1000);
    assertThat(lakeType(a, b)).isEqualTo("row(city varchar, geo row(lat double, lng integer), zip integer)");
    JsonArray items = new JsonArray().add(new JsonObject().put("sku", "a")).add(new JsonObject().put("qty", 2));
    assertThat(lakeType(items, new JsonArray())).isEqualTo("array(row(sku varchar, qty integer))");
    assertThat(lakeType(new JsonArray().add(1).add("x"))).isEqualTo("array(json)");
    assertThat(lakeType(new JsonArray())).isEqualTo("array(json)");
    assertThat(lakeType(new JsonObject())).isEqualTo("json");
    assertThat(lakeType(new JsonObject().put("a", 1), new JsonArray())).isEqualTo("json");
  }

  @Test
  void nestedNamesAreLakeNamesAndOriginalsTravelInTheSourceType() {
    List<String> warnings = new ArrayList<>();
    MongoShape shape = shapeOf(new JsonObject().put("Dot.Key", 1).put("dot_key", new JsonArray().add("s")));
    LakeType type = MongoShape.lakeType(shape, "meta", warnings);
    assertThat(type.sql()).isEqualTo("row(dot_key integer, dot_key_2 array(varchar))");
    assertThat(warnings).anyMatch(w -> w.startsWith("in 'meta': ") && w.contains("dot_key_2"));
    String described = MongoShape.describe(shape);
    assertThat(described).isEqualTo("{\"Dot.Key\":\"int\",\"dot_key\":[\"string\"]}");
    assertThat(MongoShape.parseDescription(described)).isEqualTo(new JsonObject(described));
    assertThat(MongoShape.describe(shapeOf(1, "a"))).isEqualTo("mixed(int|string)");
  }
}
