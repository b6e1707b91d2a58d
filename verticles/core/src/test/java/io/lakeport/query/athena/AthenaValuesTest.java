package io.lakeport.query.athena;

import io.lakeport.query.QueryException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AthenaValuesTest {

  @Test
  void nestedArraysMapsAndRowsParseToListsAndMaps() {
    assertThat(AthenaValues.value("array", "[]")).isEqualTo(List.of());
    assertThat(AthenaValues.value("map", "{}")).isEqualTo(Map.of());
    assertThat(AthenaValues.value("array", "[[1, 2], [], [3]]"))
        .isEqualTo(List.of(List.of(1L, 2L), List.of(), List.of(3L)));
    assertThat(AthenaValues.value("array", "[{id=1, tags=[a, b]}, {id=2, tags=[]}]")).isEqualTo(List.of(
        Map.of("id", 1L, "tags", List.of("a", "b")), Map.of("id", 2L, "tags", List.of())));
    assertThat(AthenaValues.value("row", "{x=null}")).isEqualTo(java.util.Collections.singletonMap("x", null));
    assertThat(AthenaValues.value("array", "[null, null]")).isEqualTo(Arrays.asList(null, null));
  }

  @Test
  void leavesAreTypedByTheirLook() {
    assertThat(AthenaValues.value("array", "[true, false, -5, 0, 12.50, 1.0E-3, NaN, 007, 1.2.3, 99999999999999999999]"))
        .isEqualTo(List.of(true, false, -5L, 0L, new BigDecimal("12.50"), 1.0e-3, Double.NaN, "007", "1.2.3",
            new BigDecimal("99999999999999999999")));
    assertThat(List.copyOf(((Map<?, ?>) AthenaValues.value("row", "{a=7, b=x}")).keySet())).isEqualTo(List.of("a", "b"));
  }

  @Test
  void stringsWithCommasWithoutSpacesAndBracesStayInOnePiece() {
    assertThat(AthenaValues.value("array", "[a,b, {c}]")).isEqualTo(List.of("a,b", "{c}"));
  }

  @Test
  void textThatIsNotTheFormTheTypePromisesIsAnsweredAsIs() {
    // A string element holding "], [" cannot be told from structure: the whole value stays text.
    assertThat(AthenaValues.value("array", "[a], [b]")).isEqualTo("[a], [b]");
    assertThat(AthenaValues.value("array", "[unclosed")).isEqualTo("[unclosed");
    assertThat(AthenaValues.value("map", "not a map")).isEqualTo("not a map");
    assertThat(AthenaValues.value("row", "{no-equals-sign}")).isEqualTo("{no-equals-sign}");
  }

  @Test
  void numbersThatDoNotReadFailClearly() {
    assertThatThrownBy(() -> AthenaValues.value("bigint", "12x"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("'12x'").hasMessageContaining("bigint");
    assertThatThrownBy(() -> AthenaValues.value("boolean", "yes")).isInstanceOf(QueryException.class);
  }

  @Test
  void doublesKeepAthenasSpecialValuesAndExponents() {
    assertThat(AthenaValues.value("double", "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(AthenaValues.value("double", "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(AthenaValues.value("double", "1.0E10")).isEqualTo(1.0e10);
    assertThat(AthenaValues.value("decimal(10,3)", "-0.500")).hasToString("-0.500");
  }

  @Test
  void otherTypesStayText() {
    assertThat(AthenaValues.value("varbinary", "68 65 6c 6c 6f")).isEqualTo("68 65 6c 6c 6f");
    assertThat(AthenaValues.value("interval day to second", "1 00:00:00.000")).isEqualTo("1 00:00:00.000");
    assertThat(AthenaValues.value("varchar", null)).isNull();
  }
}
