package io.lakeport.cli;

import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the command-line tools print runs: plain aligned text, no colours, fit for a log file or a terminal. */
final class RunReport {

  private RunReport() {
  }

  static void printList(List<RunStatus> runs, PrintStream out) {
    if (runs.isEmpty()) {
      out.println("no runs");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RUN", "SOURCE", "MODE", "STATE", "STARTED", "DURATION", "TABLES", "ROWS", "BYTES"});
    for (RunStatus run : runs) {
      long done = run.tables().stream().filter(t -> t.state() == RunStatus.State.SUCCEEDED).count();
      rows.add(new String[] {run.runId(), run.source(), run.mode().wire(), state(run.state()),
          time(run.startedAt()), duration(run.startedAt(), run.endedAt()),
          done + "/" + run.tables().size(), count(rows(run)), bytes(bytes(run))});
    }
    printTable(rows, out, "");
  }

  static void printRun(RunStatus run, PrintStream out) {
    out.println("run      " + run.runId());
    out.println("source   " + run.source() + " (" + run.mode().wire() + ")");
    out.println("state    " + state(run.state()));
    out.println("started  " + time(run.startedAt()) + (run.endedAt() == null ? "" : ", ended " + time(run.endedAt())
        + " (" + duration(run.startedAt(), run.endedAt()) + ")"));
    if (!run.tables().isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"TABLE", "STATE", "ROWS", "BYTES", "OBJECTS", "WATERMARK"});
      for (RunStatus.TableStatus table : run.tables()) {
        rows.add(new String[] {table.table(), state(table.state()), count(table.rows()), bytes(table.bytes()),
            String.valueOf(table.objects().size()), table.watermark() == null ? "-" : table.watermark()});
      }
      printTable(rows, out, "  ");
      for (RunStatus.TableStatus table : run.tables()) {
        if (run.mode() == RunMode.DELETES && table.state() == RunStatus.State.SUCCEEDED) {
          out.println("  deleted " + table.table() + ": " + count(table.deletedRows())
              + " rows whose key is gone from the source");
        }
        table.warnings().forEach(w -> out.println("  warning " + table.table() + ": " + w));
        if (table.error() != null) {
          out.println("  error   " + table.table() + ": " + table.error());
        }
      }
    }
    if (run.error() != null) {
      out.println("error    " + run.error());
    }
  }

  /**
   * One line: {@code succeeded: 3/3 tables, 150,000 rows, 50.3 MiB in 12.3 s}; a delete detection adds the
   * rows it deleted ({@code 150,000 rows, 2 deleted, ...}).
   */
  static String summary(RunStatus run) {
    long done = run.tables().stream().filter(t -> t.state() == RunStatus.State.SUCCEEDED).count();
    String deleted = run.mode() != RunMode.DELETES ? ""
        : ", " + count(run.tables().stream().mapToLong(RunStatus.TableStatus::deletedRows).sum()) + " deleted";
    return state(run.state()) + ": " + done + "/" + run.tables().size() + " tables, " + count(rows(run)) + " rows"
        + deleted + ", " + bytes(bytes(run)) + " in " + duration(run.startedAt(), run.endedAt());
  }

  static long rows(RunStatus run) {
    return run.tables().stream().mapToLong(RunStatus.TableStatus::rows).sum();
  }

  static long bytes(RunStatus run) {
    return run.tables().stream().mapToLong(RunStatus.TableStatus::bytes).sum();
  }

  static String state(RunStatus.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String bytes(long value) {
    if (value < 1024) {
      return value + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double scaled = value;
    int unit = -1;
    while (scaled >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
  }

  /** To the second: the run id and the status have the exact times. */
  static String time(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static String duration(Instant start, Instant end) {
    if (start == null || end == null) {
      return "-";
    }
    return duration(Duration.between(start, end));
  }

  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
  }

  static void printTable(List<String[]> rows, PrintStream out, String indent) {
    int[] widths = new int[rows.getFirst().length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line);
    }
  }
}
