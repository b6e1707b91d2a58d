package io.lakeport.cli;

import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportTest {

  private static final Instant T0 = Instant.parse("2026-11-27T19:30:00.123456789Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void aListIsAlignedColumnsNewestFirstAsGiven() {
    RunReport.printList(List.of(
        new RunStatus("ms1-20261127T193000Z-0a1b2c", "ms1", RunMode.INCREMENTAL, State.RUNNING, T0, null,
            List.of(table("usuarios", State.SUCCEEDED, 5000, 2_000_000), table("pedidos", State.RUNNING, 10, 100)), null),
        new RunStatus("ms1-20261126T193000Z-ffffff", "ms1", RunMode.FULL, State.FAILED, T0.minus(Duration.ofDays(1)),
            T0.minus(Duration.ofDays(1)).plusSeconds(75), List.of(), "discovery failed: Connection refused")), out);
    assertThat(text()).isEqualTo("""
        RUN                          SOURCE  MODE         STATE    STARTED               DURATION    TABLES  ROWS   BYTES
        ms1-20261127T193000Z-0a1b2c  ms1     incremental  running  2026-11-27T19:30:00Z  -           1/2     5,010  1.9 MiB
        ms1-20261126T193000Z-ffffff  ms1     full         failed   2026-11-26T19:30:00Z  1 min 15 s  0/0     0      0 B
        """);
  }

  @Test
  void aDeleteDetectionSaysWhatItDeleted() {
    RunStatus run = new RunStatus("ms1-20261127T193000Z-0a1b2c", "ms1", RunMode.DELETES, State.SUCCEEDED, T0,
        T0.plusMillis(2500), List.of(
            new TableStatus("pedidos", State.SUCCEEDED, 3001, 20_000, List.of(), null, List.of(), null, 2, 1),
            new TableStatus("usuarios", State.SUCCEEDED, 500, 4_000, List.of(), null, List.of(), null, 0, 1)), null);
    RunReport.printRun(run, out);
    assertThat(text()).contains("  deleted pedidos: 2 rows whose key is gone from the source\n")
        .contains("  deleted usuarios: 0 rows whose key is gone from the source\n");
    assertThat(RunReport.summary(run)).isEqualTo("succeeded: 2/2 tables, 3,501 rows, 2 deleted, 23.4 KiB in 2.5 s");
  }

  @Test
  void oneRunShowsItsTablesWarningsAndErrors() {
    RunReport.printRun(new RunStatus("ms2-20261127T193000Z-0a1b2c", "ms2", RunMode.FULL, State.FAILED, T0,
        T0.plusMillis(3600), List.of(
            new TableStatus("clientes", State.SUCCEEDED, 300, 20_480, List.of("a", "b"), null,
                List.of("column Email renamed to email_2"), null),
            new TableStatus("pagos", State.FAILED, 0, 0, List.of(), null, List.of(), "connection reset")),
        "1 of 2 tables failed"), out);
    assertThat(text()).isEqualTo("""
        run      ms2-20261127T193000Z-0a1b2c
        source   ms2 (full)
        state    failed
        started  2026-11-27T19:30:00Z, ended 2026-11-27T19:30:03Z (3.6 s)
          TABLE     STATE      ROWS  BYTES     OBJECTS  WATERMARK
          clientes  succeeded  300   20.0 KiB  2        -
          pagos     failed     0     0 B       0        -
          warning clientes: column Email renamed to email_2
          error   pagos: connection reset
        error    1 of 2 tables failed
        """);
  }

  private static TableStatus table(String name, State state, long rows, long bytes) {
    return new TableStatus(name, state, rows, bytes, List.of(), null, List.of(), null);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
