package io.lakeport.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's command line as a user meets it, without a server: help, version, mistakes, completion. */
class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsEveryCommandAndExitsZero() {
    for (String option : new String[] {"--help", "-h"}) {
      out.reset();
      assertThat(run(option)).as(option).isZero();
      assertThat(out()).startsWith("Usage: lakeport [-hV] [COMMAND]")
          .contains("Commands:")
          .containsPattern("\\n  run\\s+Run the verticle groups of a profile")
          .containsPattern("\\n  check-config\\s+Validate a profile")
          .containsPattern("\\n  ingest\\s+Start an ingest run")
          .containsPattern("\\n  status\\s+Show one ingest run")
          .containsPattern("\\n  history, runs\\s+List ingest runs")
          .containsPattern("\\n  query\\s+Run one read-only SQL statement")
          .containsPattern("\\n  generate-completion\\s+");
      assertThat(err()).isEmpty();
    }
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isZero();
    assertThat(out()).startsWith("lakeport 0.1.0-SNAPSHOT").doesNotContain("${project.version}").contains("Java 25");
  }

  @Test
  void eachCommandHasItsHelpPage() {
    assertThat(run("ingest", "--help")).isZero();
    assertThat(out()).startsWith("Usage: lakeport ingest [-hV] [--follow]").contains("--source=NAME")
        .contains("Commands:").containsPattern("\\n  cancel\\s+Cancel a running ingest run").contains("Exit codes:");
    out.reset();
    assertThat(run("ingest", "cancel", "--help")).isZero();
    assertThat(out()).startsWith("Usage: lakeport ingest cancel [-hV]").contains("RUNID");
    out.reset();
    assertThat(run("help", "query")).isZero();
    assertThat(out()).startsWith("Usage: lakeport query").contains("--format=FORMAT").contains("csv").contains("jsonl");
    out.reset();
    assertThat(run("run", "--help")).isZero();
    assertThat(out()).startsWith("Usage: lakeport run [-hV] [--profile=FILE]");
  }

  @Test
  void aBadOptionOrValueExitsTwoNamingIt() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err()).contains("lakeport: Unknown option: '--bogus'").contains("Usage: lakeport");
    err.reset();
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err()).contains("Unmatched argument at index 0: 'frobnicate'");
    err.reset();
    assertThat(run("ingest", "--source", "ms1", "--tables")).isEqualTo(2);
    assertThat(err()).contains("ingest: Missing required parameter for option '--tables'");
    err.reset();
    assertThat(run("query", "SELECT 1", "--format", "xml")).isEqualTo(2);
    assertThat(err()).contains("query: Invalid value for option '--format': expected one of [table, csv, jsonl] "
        + "(case-sensitive) but was 'xml'");
    err.reset();
    assertThat(run("history", "--limit", "5000")).isEqualTo(2);
    assertThat(err()).contains("history: --limit expects a whole number from 1 to 1000, got '5000'");
    assertThat(out()).isEmpty();
  }

  @Test
  void aMissingOrInvalidProfileExitsTwoNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    assertThat(run("check-config", "--profile", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("check-config: profile " + dir.resolve("nope.yaml").toAbsolutePath() + " does not exist (--profile)");
    err.reset();
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "api:\n  port: lots\n");
    assertThat(run("check-config", "--profile", bad.toString())).isEqualTo(2);
    assertThat(err()).contains("api.port").doesNotContain("\tat ");
  }

  @Test
  void completionScriptIsGeneratedForEveryCommand() {
    assertThat(run("generate-completion")).isZero();
    assertThat(out()).contains("complete -F _complete_lakeport").contains("ingest").contains("check-config")
        .contains("history").contains("--api-key");
  }

  private int run(String... args) {
    return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
