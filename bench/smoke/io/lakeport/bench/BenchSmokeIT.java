package io.lakeport.bench;

import io.lakeport.testkit.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs each benchmark script once on a tiny input with what the build just compiled, so that a change which
 * breaks a benchmark fails the suite. A smoke run: it checks that the script completes and prints its
 * report, never a time or a ratio (those are measured by hand, docs/benchmarks.md).
 */
@ExtendWith(LocalStackExtension.class)
class BenchSmokeIT {

  private static final Path HOME = Path.of(System.getProperty("lakeport.home", "..")).toAbsolutePath().normalize();

  @Test
  void theIngestBenchmarkRunsOnTenThousandRows() throws Exception {
    String out = run(List.of("bash", "bench/ingest/run.sh", "10000"),
        Map.of("BENCH_DATABASE", "lakeport_bench_smoke", "RANGES_ON", "2"), Duration.ofMinutes(15));
    assertThat(out).contains("(a) the database's own JSON export").contains("(b) Lakeport ingest")
        .containsPattern("pg gzip=false cursors=1: .*ratio \\(b\\)/\\(a\\) [0-9.]+, peak RSS [0-9]+ MiB")
        .containsPattern("pg gzip=false cursors=2: .*ratio \\(b\\)/\\(a\\) [0-9.]+, peak RSS [0-9]+ MiB")
        .containsPattern("my gzip=true  cursors=2: .*ratio \\(b\\)/\\(a\\) [0-9.]+, peak RSS [0-9]+ MiB")
        .contains("(b') Lakeport ingest as Iceberg")
        .containsPattern("pg iceberg cursors=1: [0-9.]+ s, .*ratio \\(b'\\)/\\(a\\) [0-9.]+, peak RSS [0-9]+ MiB.*Parquet file")
        .containsPattern("my iceberg cursors=2: [0-9.]+ s, .*ratio \\(b'\\)/\\(a\\) [0-9.]+, peak RSS [0-9]+ MiB.*Parquet file")
        .containsPattern("pg seed: [0-9.]+ s, .*peak RSS [0-9]+ MiB, [0-9.]+ times Lakeport's time")
        .containsPattern("my seed: [0-9.]+ s, .*peak RSS [0-9]+ MiB")
        .contains("(d) reference for writing Parquet")
        .containsPattern("pg csv\\+duckdb: export [0-9.]+ s .* = [0-9.]+ s, .*Lakeport Iceberg \\(b'\\)/\\(d\\) [0-9.]+")
        .containsPattern("my csv\\+duckdb: export [0-9.]+ s .* = [0-9.]+ s, .*Lakeport Iceberg \\(b'\\)/\\(d\\) [0-9.]+")
        .contains("results: bench/results/ingest-10000-")
        .doesNotContain("FAILED");
  }

  @Test
  void theQueryBenchmarkRunsOnTenThousandRows() throws Exception {
    String out = run(List.of("bash", "bench/query/run", "10000", "1"),
        Map.of("BENCH_DATABASE", "lakeport_bench_query_smoke", "API_SECONDS", "2", "API_CLIENTS", "2"),
        Duration.ofMinutes(15));
    assertThat(out).contains("# Lakeport query benchmark, 10,000 rows")
        .containsPattern("jsonl  : 10,000 rows in [0-9.]+ s")
        .containsPattern("iceberg: 10,000 rows in [0-9.]+ s")
        .containsPattern("count\\(\\*\\) +iceberg/jsonl: elapsed [0-9.]+")
        .containsPattern("lookup by id +iceberg/jsonl: elapsed [0-9.]+")
        .containsPattern("GROUP BY status, sum\\(price\\) +iceberg/jsonl: elapsed [0-9.]+ .*processedBytes [0-9.]+")
        .contains("verdict: the Iceberg lookup")
        .containsPattern("listing jsonl +1 client\\(s\\): API p50 [0-9,]+ ms")
        .containsPattern("listing iceberg +2 client\\(s\\): API p50 [0-9,]+ ms, p99 [0-9,]+ ms, [0-9.]+ req/s")
        .containsPattern("dropped hive\\.qbench_[0-9a-f_]+, iceberg\\.qbench_")
        .contains("report: bench/results/query-10000-")
        .doesNotContain("FAILED");
  }

  @Test
  void theApiBenchmarkRunsOneLine() throws Exception {
    String out = run(List.of("bash", "bench/api/run", "2"), Map.of("BENCH_SMOKE", "1"), Duration.ofMinutes(10));
    assertThat(out).containsPattern("listing /api/pedidos\\?limit=100 +API p50=[0-9.]+ms")
        .contains("blocked-thread warnings in the API log: 0")
        .contains("| cache, clients | endpoint |");
  }

  /** Runs a script from the repository root with the build's classes; fails naming its output unless it exits 0. */
  private static String run(List<String> command, Map<String, String> environment, Duration limit)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("bench-smoke", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      builder.environment().put("BENCH_PREBUILT", "1");
      Process process = builder.start();
      boolean ended = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
      }
      String text = Files.readString(output);
      assertThat(ended).as("%s ended within %s:%n%s", command, limit, text).isTrue();
      assertThat(process.exitValue()).as("exit status of %s:%n%s", command, text).isZero();
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
