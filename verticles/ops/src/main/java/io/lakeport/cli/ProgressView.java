package io.lakeport.cli;

import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunStatus;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@code ingest --follow} prints while a run goes on.
 *
 * <ul>
 *   <li>{@link Style#BAR} (a terminal): one line redrawn in place, {@code [#####-----] 1/3 tables
 *       52,000 rows 18.4 MiB pedidos}, with table starts, ends, warnings and failures printed above it;</li>
 *   <li>{@link Style#LINES} (a pipe, a CI log): one line per table start, end, warning and failure, and a
 *       progress line per table at most every {@link #LINE_INTERVAL_NANOS};</li>
 *   <li>{@link Style#JSON}: each progress event as one JSON line, for scripts.</li>
 * </ul>
 * Counts are the events' running totals, so a missed event loses nothing.
 */
final class ProgressView {

  enum Style { BAR, LINES, JSON }

  static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
  private static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintStream out;
  private final Style style;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> tables = new LinkedHashMap<>();
  private final Map<String, Long> lastLine = new LinkedHashMap<>();
  /** Each table's estimate from the source's statistics, once an event carried it. */
  private final Map<String, Long> estimates = new LinkedHashMap<>();
  private long firstEvent = Long.MIN_VALUE;
  private long lastRunLine = Long.MIN_VALUE;
  private int expectedTables;
  private int done;
  private int failed;
  private String current = "";
  private long lastRedraw = Long.MIN_VALUE;
  private boolean barShown;

  ProgressView(PrintStream out, Style style, LongSupplier nanoTime) {
    this.out = out;
    this.style = style;
    this.nanoTime = nanoTime;
  }

  /** The number of tables the run will copy, when known (from the request or the run's status). */
  void expectTables(int count) {
    expectedTables = Math.max(expectedTables, count);
  }

  void accepted(String runId, String source, String mode) {
    if (style != Style.JSON) {
      out.println("run " + runId + " accepted: ingesting " + source + " (" + mode + ")");
    }
  }

  void onEvent(ProgressEvent event) {
    if (style == Style.JSON) {
      out.println(event.toJson().encode());
      return;
    }
    String table = event.table();
    long now = nanoTime.getAsLong();
    if (firstEvent == Long.MIN_VALUE) {
      firstEvent = now;
    }
    if (table != null && event.estimatedRows() >= 0) {
      estimates.put(table, event.estimatedRows());
    }
    switch (event.type()) {
      case RUN_STARTED -> { }
      case TABLE_STARTED -> {
        tables.put(table, new long[] {0, 0});
        current = table;
        above(table + ": started");
      }
      case TABLE_PROGRESS -> {
        tables.put(table, new long[] {event.rows(), event.bytes()});
        current = table;
        if (style == Style.LINES) {
          Long last = lastLine.get(table);
          if (last == null || now - last >= LINE_INTERVAL_NANOS) {
            lastLine.put(table, now);
            out.println(table + ": " + progress(event));
          }
          if (event.elapsedMs() >= 0 && (lastRunLine == Long.MIN_VALUE || now - lastRunLine >= LINE_INTERVAL_NANOS)) {
            lastRunLine = now;
            out.println("run: " + overall(now));
          }
        }
      }
      case TABLE_WAITING -> above(table + ": waiting for the lake writer");
      case TABLE_WARNING -> above(table + ": warning: " + event.message());
      case TABLE_DONE -> {
        tables.put(table, new long[] {event.rows(), event.bytes()});
        done++;
        above(table + ": done, " + RunReport.count(event.rows()) + " rows, " + RunReport.bytes(event.bytes())
            + (event.elapsedMs() < 0 ? "" : " in " + RunReport.duration(java.time.Duration.ofMillis(event.elapsedMs()))
            + (event.rowsPerSecond() < 0 ? "" : " (" + RunReport.count(event.rowsPerSecond()) + " rows/s)")));
      }
      case TABLE_FAILED -> {
        failed++;
        above(table + ": FAILED: " + event.message());
      }
      case RUN_DONE, RUN_FAILED, RUN_CANCELLED -> { }
    }
    redraw(event.type().ends() || event.type() != ProgressEvent.Type.TABLE_PROGRESS);
  }

  /** The last line: the run's own totals from its status. */
  void finished(RunStatus run) {
    clearBar();
    if (style == Style.JSON) {
      out.println(run.toJson().encode());
      return;
    }
    out.println("run " + run.runId() + " " + RunReport.summary(run));
    if (run.error() != null) {
      out.println("reason: " + run.error());
    }
    for (RunStatus.TableStatus table : run.tables()) {
      if (table.error() != null) {
        out.println("  " + table.table() + ": " + table.error());
      }
    }
  }

  /** The run's end could not be read (the connection was lost): say what was seen. */
  void interrupted(String reason) {
    clearBar();
    out.println((style == Style.JSON ? "" : "stopped following: ") + reason);
  }

  private void above(String line) {
    if (style == Style.BAR) {
      clearBar();
    }
    out.println(line);
  }

  private void redraw(boolean force) {
    if (style != Style.BAR) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!force && lastRedraw != Long.MIN_VALUE && now - lastRedraw < REDRAW_INTERVAL_NANOS) {
      return;
    }
    lastRedraw = now;
    int total = Math.max(expectedTables, tables.size());
    int filled = total == 0 ? 0 : (int) Math.round(BAR_WIDTH * (double) (done + failed) / total);
    long rows = tables.values().stream().mapToLong(t -> t[0]).sum();
    long bytes = tables.values().stream().mapToLong(t -> t[1]).sum();
    String line = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
        + done + "/" + (total == 0 ? "?" : total) + " tables  " + RunReport.count(rows) + " rows  "
        + RunReport.bytes(bytes) + (estimates.isEmpty() ? "" : "  " + barFigures(now, rows))
        + (current.isEmpty() ? "" : "  " + current);
    out.print("\r" + line + "\u001b[K");
    out.flush();
    barShown = true;
  }

  /**
   * One table's figures: {@code 52,000 / ~150,000 rows (34 %), 12,400 rows/s, 18.4 MiB, 4.2 s, ~8 s left};
   * without figures in the event (an older server), just rows and bytes.
   */
  static String progress(ProgressEvent event) {
    StringBuilder line = new StringBuilder(RunReport.count(event.rows()));
    line.append(event.estimatedRows() >= 0 ? " / ~" + RunReport.count(event.estimatedRows()) + " rows ("
        + percent(event.rows(), event.estimatedRows()) + " %)" : " rows");
    if (event.rowsPerSecond() >= 0) {
      line.append(", ").append(RunReport.count(event.rowsPerSecond())).append(" rows/s");
    }
    line.append(", ").append(RunReport.bytes(event.bytes()));
    if (event.elapsedMs() >= 0) {
      line.append(", ").append(RunReport.duration(java.time.Duration.ofMillis(event.elapsedMs())));
    }
    if (event.remainingSeconds() >= 0) {
      line.append(", ~").append(RunReport.duration(java.time.Duration.ofSeconds(event.remainingSeconds()))).append(" left");
    }
    return line.toString();
  }

  /** The run's line: tables, rows of the estimate, rate and time left since the first event. */
  private String overall(long now) {
    long rows = tables.values().stream().mapToLong(t -> t[0]).sum();
    long bytes = tables.values().stream().mapToLong(t -> t[1]).sum();
    // Unknown until the run's status said how many tables it has: a count of the tables seen so far would
    // understate the run.
    int total = expectedTables;
    long elapsedMs = (now - firstEvent) / 1_000_000;
    long estimate = totalEstimate();
    long rate = elapsedMs > 0 ? rows * 1000 / elapsedMs : -1;
    StringBuilder line = new StringBuilder().append(done).append('/').append(total == 0 ? "?" : total).append(" tables, ")
        .append(RunReport.count(rows));
    line.append(estimate >= 0 ? " / ~" + RunReport.count(estimate) + " rows (" + percent(rows, estimate) + " %)" : " rows");
    if (rate >= 0) {
      line.append(", ").append(RunReport.count(rate)).append(" rows/s");
    }
    line.append(", ").append(RunReport.bytes(bytes)).append(", ").append(RunReport.duration(java.time.Duration.ofMillis(elapsedMs)));
    if (estimate >= 0 && rate > 0) {
      long left = Math.max(0, (estimate - rows + rate - 1) / rate);
      line.append(", ~").append(RunReport.duration(java.time.Duration.ofSeconds(left))).append(" left");
    }
    return line.toString();
  }

  private String barFigures(long now, long rows) {
    long estimate = totalEstimate();
    long elapsedMs = (now - firstEvent) / 1_000_000;
    long rate = elapsedMs > 0 ? rows * 1000 / elapsedMs : -1;
    StringBuilder figures = new StringBuilder();
    if (estimate >= 0) {
      figures.append(percent(rows, estimate)).append(" %  ");
    }
    figures.append(rate < 0 ? "-" : RunReport.count(rate)).append(" rows/s");
    if (estimate >= 0 && rate > 0) {
      figures.append("  ~").append(RunReport.duration(java.time.Duration.ofSeconds(Math.max(0, (estimate - rows + rate - 1) / rate))))
          .append(" left");
    }
    return figures.toString();
  }

  /** The sum of the estimates, once every table of the run has one; else -1. */
  private long totalEstimate() {
    int total = expectedTables;
    if (total == 0 || tables.size() > total || estimates.size() < total || !estimates.keySet().containsAll(tables.keySet())) {
      return -1;
    }
    return estimates.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Below 100 until done: statistics lag, and a table past its estimate is not finished. */
  private static long percent(long rows, long estimate) {
    if (estimate <= 0) {
      return rows == 0 ? 0 : 99;
    }
    return Math.min(99, rows * 100 / estimate);
  }

  private void clearBar() {
    if (barShown) {
      out.print("\r\u001b[K");
      barShown = false;
    }
  }
}
