package io.lakeport.run;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One step of a run, published on {@link IngestAddresses#PROGRESS}:
 * {@code {"runId", "source", "type", "table"?, "rows", "bytes", "estimatedRows"?, "elapsedMs"?,
 * "rowsPerSecond"?, "remainingSeconds"?, "message"?, "at"}}. {@code rows} and {@code bytes} are totals so
 * far for the table (table events) or the run (run events), so a watcher that misses an event loses no
 * count. {@code estimatedRows} is the source's statistics for the table (PostgreSQL {@code reltuples},
 * MySQL {@code TABLE_ROWS}, MongoDB's metadata count), {@code elapsedMs} the time since the table (or the
 * run) started; {@code rowsPerSecond} and {@code remainingSeconds} follow from them, so every client (the
 * SSE stream, the bridge, the CLI) shows the same figures. Unknown figures ({@value #UNKNOWN}) are left out.
 */
public record ProgressEvent(String runId, String source, Type type, String table, long rows, long bytes,
                            long estimatedRows, long elapsedMs, String message, Instant at) {

  public static final long UNKNOWN = -1;

  /** An event without the progress figures. */
  public ProgressEvent(String runId, String source, Type type, String table, long rows, long bytes, String message,
                       Instant at) {
    this(runId, source, type, table, rows, bytes, UNKNOWN, UNKNOWN, message, at);
  }

  /** Rows per second since the start, or {@value #UNKNOWN} before any time has passed. */
  public long rowsPerSecond() {
    return elapsedMs > 0 ? rows * 1000 / elapsedMs : UNKNOWN;
  }

  /**
   * Seconds left at the current rate until the estimate is reached (0 once it is passed: statistics lag),
   * or {@value #UNKNOWN} without an estimate or a rate.
   */
  public long remainingSeconds() {
    long rate = rowsPerSecond();
    if (estimatedRows < 0 || rate <= 0) {
      return UNKNOWN;
    }
    return Math.max(0, (estimatedRows - rows + rate - 1) / rate);
  }

  public enum Type {
    RUN_STARTED, TABLE_STARTED, TABLE_PROGRESS, TABLE_WAITING, TABLE_WARNING, TABLE_DONE, TABLE_FAILED, RUN_DONE, RUN_FAILED,
    /** The run was stopped on request ({@link IngestAddresses#CANCEL}). */
    RUN_CANCELLED;

    public String wire() {
      return name().toLowerCase().replace('_', '-');
    }

    public static Type fromWire(String text) {
      return valueOf(text.toUpperCase().replace('-', '_'));
    }

    public boolean ends() {
      return this == RUN_DONE || this == RUN_FAILED || this == RUN_CANCELLED;
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("runId", runId)
        .put("source", source)
        .put("type", type.wire())
        .put("rows", rows)
        .put("bytes", bytes)
        .put("at", at.toString());
    if (estimatedRows >= 0) {
      json.put("estimatedRows", estimatedRows);
    }
    if (elapsedMs >= 0) {
      json.put("elapsedMs", elapsedMs);
      if (rowsPerSecond() >= 0) {
        json.put("rowsPerSecond", rowsPerSecond());
      }
      if (remainingSeconds() >= 0) {
        json.put("remainingSeconds", remainingSeconds());
      }
    }
    if (table != null) {
      json.put("table", table);
    }
    if (message != null) {
      json.put("message", message);
    }
    return json;
  }

  public static ProgressEvent fromJson(JsonObject json) {
    return new ProgressEvent(json.getString("runId"), json.getString("source"),
        Type.fromWire(json.getString("type")), json.getString("table"),
        json.getLong("rows", 0L), json.getLong("bytes", 0L), json.getLong("estimatedRows", UNKNOWN),
        json.getLong("elapsedMs", UNKNOWN), json.getString("message"),
        Instant.parse(json.getString("at")));
  }
}
