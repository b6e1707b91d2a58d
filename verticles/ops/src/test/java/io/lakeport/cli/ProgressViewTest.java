package io.lakeport.cli;

import io.lakeport.run.ProgressEvent;
import io.lakeport.run.ProgressEvent.Type;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressViewTest {

  private static final String RUN = "ms1-20261127T193000Z-0a1b2c";
  private static final Instant T0 = Instant.parse("2026-11-27T19:30:00Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong();

  @Test
  void linesForALogThrottleProgressButNeverStartsAndEnds() {
    ProgressView view = new ProgressView(out, ProgressView.Style.LINES, clock::get);
    view.accepted(RUN, "ms1", "full");
    view.onEvent(event(Type.RUN_STARTED, null, 0, 0, null));
    view.onEvent(event(Type.TABLE_STARTED, "usuarios", 0, 0, null));
    view.onEvent(event(Type.TABLE_PROGRESS, "usuarios", 1000, 420_000, null));
    clock.addAndGet(1_000_000_000L);
    view.onEvent(event(Type.TABLE_PROGRESS, "usuarios", 2000, 840_000, null));
    clock.addAndGet(ProgressView.LINE_INTERVAL_NANOS);
    view.onEvent(event(Type.TABLE_PROGRESS, "usuarios", 3000, 1_260_000, null));
    view.onEvent(event(Type.TABLE_WARNING, "usuarios", 3000, 1_260_000, "column Email renamed to email_2"));
    view.onEvent(event(Type.TABLE_DONE, "usuarios", 3500, 1_470_000, null));
    view.onEvent(event(Type.TABLE_STARTED, "pedidos", 0, 0, null));
    view.onEvent(event(Type.TABLE_FAILED, "pedidos", 10, 400, "connection reset"));
    view.onEvent(event(Type.RUN_FAILED, null, 3510, 1_470_400, "1 of 2 tables failed"));
    view.finished(new RunStatus(RUN, "ms1", RunMode.FULL, State.FAILED, T0, T0.plusSeconds(12),
        List.of(new TableStatus("usuarios", State.SUCCEEDED, 3500, 1_470_000, List.of("k"), null, List.of(), null),
            new TableStatus("pedidos", State.FAILED, 10, 400, List.of(), null, List.of(), "connection reset")),
        "1 of 2 tables failed"));
    assertThat(text()).isEqualTo("""
        run ms1-20261127T193000Z-0a1b2c accepted: ingesting ms1 (full)
        usuarios: started
        usuarios: 1,000 rows, 410.2 KiB
        usuarios: 3,000 rows, 1.2 MiB
        usuarios: warning: column Email renamed to email_2
        usuarios: done, 3,500 rows, 1.4 MiB
        pedidos: started
        pedidos: FAILED: connection reset
        run ms1-20261127T193000Z-0a1b2c failed: 1/2 tables, 3,510 rows, 1.4 MiB in 12.0 s
        reason: 1 of 2 tables failed
          pedidos: connection reset
        """);
    assertThat(text()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void aBarIsRedrawnInPlaceWithTablesDoneOverTablesKnown() {
    ProgressView view = new ProgressView(out, ProgressView.Style.BAR, clock::get);
    view.expectTables(2);
    view.onEvent(event(Type.TABLE_STARTED, "usuarios", 0, 0, null));
    view.onEvent(event(Type.TABLE_PROGRESS, "usuarios", 1000, 2048, null));
    view.onEvent(event(Type.TABLE_DONE, "usuarios", 1500, 4096, null));
    String text = text();
    assertThat(text).contains("\r[------------------------] 0/2 tables  0 rows  0 B  usuarios\u001b[K");
    assertThat(text).contains("usuarios: done, 1,500 rows, 4.0 KiB\n");
    assertThat(text).endsWith("\r[############------------] 1/2 tables  1,500 rows  4.0 KiB  usuarios\u001b[K");
  }

  @Test
  void rowsOutOfTheEstimateWithRateAndTimeLeftPerTableAndForTheRun() {
    ProgressView view = twoSecondsIntoUsuarios(ProgressView.Style.LINES);
    ProgressEvent half = event(Type.TABLE_PROGRESS, "usuarios", 5000, 2 * 1024 * 1024, 10_000, 2000);
    view.onEvent(half);
    clock.addAndGet(1_000_000_000L);
    view.onEvent(event(Type.TABLE_DONE, "usuarios", 10_400, 4 * 1024 * 1024, 10_000, 3000));
    assertThat(text()).isEqualTo("""
        usuarios: started
        usuarios: 5,000 / ~10,000 rows (50 %), 2,500 rows/s, 2.0 MiB, 2.0 s, ~2.0 s left
        run: 0/1 tables, 5,000 / ~10,000 rows (50 %), 2,500 rows/s, 2.0 MiB, 2.0 s, ~2.0 s left
        usuarios: done, 10,400 rows, 4.0 MiB in 3.0 s (3,466 rows/s)
        """);
    // The same figures travel in the event, for the SSE stream and the bridge's clients.
    assertThat(half.toJson().getLong("estimatedRows")).isEqualTo(10_000);
    assertThat(half.toJson().getLong("rowsPerSecond")).isEqualTo(2500);
    assertThat(half.toJson().getLong("remainingSeconds")).isEqualTo(2);
    assertThat(ProgressEvent.fromJson(half.toJson())).isEqualTo(half);
    // Past a stale estimate: nothing left, never 100 % before done.
    assertThat(ProgressView.progress(event(Type.TABLE_PROGRESS, "t", 12_000, 0, 10_000, 1000)))
        .isEqualTo("12,000 / ~10,000 rows (99 %), 12,000 rows/s, 0 B, 1.0 s, ~0.0 s left");
    // Until the run says how many tables it has, the run line has no total and no estimate.
    ProgressView unsure = new ProgressView(out, ProgressView.Style.LINES, clock::get);
    bytes.reset();
    unsure.onEvent(event(Type.TABLE_PROGRESS, "usuarios", 5000, 2048, 10_000, 2000));
    assertThat(text()).contains("run: 0/? tables, 5,000 rows, ").doesNotContain("run: 0/? tables, 5,000 / ~");
    assertThat(event(Type.TABLE_PROGRESS, "t", 5, 0, -1, -1).toJson().fieldNames())
        .doesNotContain("estimatedRows", "elapsedMs", "rowsPerSecond", "remainingSeconds");
  }

  @Test
  void aBarShowsThePercentRateAndTimeLeftOnceEstimatesAreKnown() {
    ProgressView view = twoSecondsIntoUsuarios(ProgressView.Style.BAR);
    view.onEvent(event(Type.TABLE_PROGRESS, "usuarios", 5000, 2048, 10_000, 2000));
    assertThat(text()).endsWith("\r[------------------------] 0/1 tables  5,000 rows  2.0 KiB  50 %  2,500 rows/s  ~2.0 s left  usuarios\u001b[K");
  }

  @Test
  void jsonIsOneEventPerLine() {
    ProgressView view = new ProgressView(out, ProgressView.Style.JSON, clock::get);
    view.accepted(RUN, "ms1", "full");
    ProgressEvent done = event(Type.TABLE_DONE, "usuarios", 5, 50, null);
    view.onEvent(done);
    assertThat(text().lines().toList()).singleElement()
        .satisfies(line -> assertThat(new JsonObject(line)).isEqualTo(done.toJson()));
  }

  /** A view of a one-table run, two seconds after its table {@code usuarios} started. */
  private ProgressView twoSecondsIntoUsuarios(ProgressView.Style style) {
    ProgressView view = new ProgressView(out, style, clock::get);
    view.expectTables(1);
    view.onEvent(event(Type.TABLE_STARTED, "usuarios", 0, 0, -1, 0));
    clock.addAndGet(2_000_000_000L);
    return view;
  }

  private static ProgressEvent event(Type type, String table, long rows, long bytes, long estimate, long elapsedMs) {
    return new ProgressEvent(RUN, "ms1", type, table, rows, bytes, estimate, elapsedMs, null, T0);
  }

  private static ProgressEvent event(Type type, String table, long rows, long bytes, String message) {
    return new ProgressEvent(RUN, "ms1", type, table, rows, bytes, message, T0);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
