package io.lakeport.ops;

import io.lakeport.ingest.ProgressEvent;
import io.lakeport.ingest.RunStatus;

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
          long now = nanoTime.getAsLong();
          Long last = lastLine.get(table);
          if (last == null || now - last >= LINE_INTERVAL_NANOS) {
            lastLine.put(table, now);
            out.println(table + ": " + RunReport.count(event.rows()) + " rows, " + RunReport.bytes(event.bytes()));
          }
        }
      }
      case TABLE_WARNING -> above(table + ": warning: " + event.message());
      case TABLE_DONE -> {
        tables.put(table, new long[] {event.rows(), event.bytes()});
        done++;
        above(table + ": done, " + RunReport.count(event.rows()) + " rows, " + RunReport.bytes(event.bytes()));
      }
      case TABLE_FAILED -> {
        failed++;
        above(table + ": FAILED: " + event.message());
      }
      case RUN_DONE, RUN_FAILED -> { }
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
        + RunReport.bytes(bytes) + (current.isEmpty() ? "" : "  " + current);
    out.print("\r" + line + "\u001b[K");
    out.flush();
    barShown = true;
  }

  private void clearBar() {
    if (barShown) {
      out.print("\r\u001b[K");
      barShown = false;
    }
  }
}
