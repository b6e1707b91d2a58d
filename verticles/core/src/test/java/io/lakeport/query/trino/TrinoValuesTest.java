package io.lakeport.query.trino;

import io.lakeport.query.ResultColumn;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typing of Trino's JSON values, on a response body as Trino 476 sends it (captured from the local Trino). */
class TrinoValuesTest {

  private static final JsonObject RESPONSE = new JsonObject("""
      {"columns":[
        {"name":"big","type":"bigint","typeSignature":{"rawType":"bigint","arguments":[]}},
        {"name":"dec","type":"decimal(22, 2)","typeSignature":{"rawType":"decimal","arguments":[{"kind":"LONG","value":22},{"kind":"LONG","value":2}]}},
        {"name":"anon","type":"row(integer, integer)","typeSignature":{"rawType":"row","arguments":[
          {"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"integer","arguments":[]}}},
          {"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"integer","arguments":[]}}}]}},
        {"name":"m","type":"map(integer, varchar(1))","typeSignature":{"rawType":"map","arguments":[
          {"kind":"TYPE","value":{"rawType":"integer","arguments":[]}},
          {"kind":"TYPE","value":{"rawType":"varchar","arguments":[{"kind":"LONG","value":1}]}}]}},
        {"name":"j","type":"json","typeSignature":{"rawType":"json","arguments":[]}},
        {"name":"n","type":"double","typeSignature":{"rawType":"double","arguments":[]}},
        {"name":"b","type":"varbinary","typeSignature":{"rawType":"varbinary","arguments":[]}},
        {"name":"nested","type":"array(row(d decimal(5, 1)))","typeSignature":{"rawType":"array","arguments":[
          {"kind":"TYPE","value":{"rawType":"row","arguments":[{"kind":"NAMED_TYPE","value":{"fieldName":{"name":"d"},
            "typeSignature":{"rawType":"decimal","arguments":[{"kind":"LONG","value":5},{"kind":"LONG","value":1}]}}}]}}]}}],
       "data":[[9007199254740993,"12345678901234567890.12",[1,2],{"1":"a"},"{\\"a\\":[1,2.5,null]}","NaN","AQI=",
                [[null],["1234.5"]]]]}
      """);

  private List<Object> row() {
    List<JsonObject> signatures = RESPONSE.getJsonArray("columns").stream()
        .map(c -> ((JsonObject) c).getJsonObject("typeSignature")).toList();
    return TrinoValues.row(RESPONSE.getJsonArray("data").getJsonArray(0), signatures);
  }

  @Test
  void bigintStaysExactAndDecimalComesFromItsText() {
    List<Object> row = row();
    assertThat(row.get(0)).isEqualTo(9007199254740993L);
    assertThat(row.get(1)).isEqualTo(new BigDecimal("12345678901234567890.12"));
  }

  @Test
  void anonymousRowFieldsAreNamedByPositionAndMapKeysAreTyped() {
    List<Object> row = row();
    assertThat(row.get(2)).isEqualTo(Map.of("field0", 1L, "field1", 2L));
    assertThat(row.get(3)).isEqualTo(Map.of(1L, "a"));
  }

  @Test
  void jsonIsParsedAndSpecialDoublesAreDoubles() {
    List<Object> row = row();
    assertThat(row.get(4)).isEqualTo(Map.of("a", java.util.Arrays.asList(1, 2.5, null)));
    assertThat(row.get(5)).isEqualTo(Double.NaN);
    assertThat(row.get(6)).isEqualTo("AQI=");
  }

  @Test
  void typesNestedValuesAllTheWayDown() {
    Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("d", null);
    assertThat(row().get(7)).isEqualTo(List.of(withNull, Map.of("d", new BigDecimal("1234.5"))));
  }

  @Test
  void decimalTypeNamesAreSpelledAsLakeTypeSpellsThem() {
    JsonObject column = RESPONSE.getJsonArray("columns").getJsonObject(1);
    assertThat(TrinoValues.column(column)).isEqualTo(new ResultColumn("dec", "decimal(22,2)"));
    assertThat(TrinoValues.column(RESPONSE.getJsonArray("columns").getJsonObject(7)).type())
        .isEqualTo("array(row(d decimal(5,1)))");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> TrinoValues.row(new JsonArray().add(1), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 0 columns");
  }
}
