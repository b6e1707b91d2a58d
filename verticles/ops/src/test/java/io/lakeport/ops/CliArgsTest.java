package io.lakeport.ops;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliArgsTest {

  @Test
  void optionsFlagsAndPositionals() {
    CliArgs args = CliArgs.parse(List.of("--source", "ms1", "--tables=a,b", "--follow", "RUN1"),
        Set.of("source", "tables", "limit"), Set.of("follow"));
    assertThat(args.get("source", null)).isEqualTo("ms1");
    assertThat(args.get("tables", null)).isEqualTo("a,b");
    assertThat(args.flag("follow")).isTrue();
    assertThat(args.flag("json")).isFalse();
    assertThat(args.integer("limit", 20, 1, 100)).isEqualTo(20);
    assertThat(args.positionals()).containsExactly("RUN1");
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> CliArgs.parse(List.of("--sauce", "ms1"), Set.of("source"), Set.of("follow")))
        .hasMessage("unknown option '--sauce' (known: --follow, --source)");
    assertThatThrownBy(() -> CliArgs.parse(List.of("--source"), Set.of("source"), Set.of()))
        .hasMessage("--source needs a value");
    assertThatThrownBy(() -> CliArgs.parse(List.of("--source", "--follow"), Set.of("source"), Set.of("follow")))
        .hasMessage("--source needs a value");
    assertThatThrownBy(() -> CliArgs.parse(List.of("--follow=yes"), Set.of(), Set.of("follow")))
        .hasMessage("--follow takes no value");
    assertThatThrownBy(() -> CliArgs.parse(List.of("--limit", "ten"), Set.of("limit"), Set.of()).integer("limit", 1, 1, 100))
        .hasMessage("--limit expects a whole number from 1 to 100, got 'ten'");
  }
}
