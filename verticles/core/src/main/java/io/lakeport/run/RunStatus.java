package io.lakeport.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * The state of one run, as answered on {@link IngestAddresses#STATUS} and {@link IngestAddresses#RUNS}
 * and as written to the run manifest in the lake.
 */
public record RunStatus(String runId, String source, RunMode mode, State state, Instant startedAt,
                        Instant endedAt, List<TableStatus> tables, String error) {

  /** CANCELLED: stopped on request; tables it had committed stay, the one in progress committed nothing. */
  public enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

  public RunStatus {
    tables = List.copyOf(tables);
  }

  /**
   * @param rows        rows read from the source (a delete detection: keys read)
   * @param objects     the S3 keys committed for this table by this run (empty until it is done)
   * @param watermark   the table's committed watermark after the run, if incremental
   * @param deletedRows lake rows a delete detection deleted because their key is gone from the source
   */
  public record TableStatus(String table, State state, long rows, long bytes, List<String> objects,
                            String watermark, List<String> warnings, String error, long deletedRows, int cursors) {
    public TableStatus {
      objects = List.copyOf(objects);
      warnings = List.copyOf(warnings);
    }

    /** A table of a run that deletes nothing (full, incremental). */
    public TableStatus(String table, State state, long rows, long bytes, List<String> objects, String watermark,
                       List<String> warnings, String error) {
      this(table, state, rows, bytes, objects, watermark, warnings, error, 0, 0);
    }

    /** A table of a run, read by {@code cursors} cursors. */
    public TableStatus withCursors(int cursors) {
      return new TableStatus(table, state, rows, bytes, objects, watermark, warnings, error, deletedRows, cursors);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("table", table)
          .put("state", state.name().toLowerCase())
          .put("rows", rows)
          .put("bytes", bytes)
          .put("objects", new JsonArray(objects))
          .put("watermark", watermark)
          .put("warnings", new JsonArray(warnings))
          .put("error", error)
          .put("deletedRows", deletedRows)
          .put("cursors", cursors);
    }

    public static TableStatus fromJson(JsonObject json) {
      return new TableStatus(json.getString("table"), State.valueOf(json.getString("state").toUpperCase()),
          json.getLong("rows", 0L), json.getLong("bytes", 0L),
          json.getJsonArray("objects", new JsonArray()).stream().map(String::valueOf).toList(),
          json.getString("watermark"),
          json.getJsonArray("warnings", new JsonArray()).stream().map(String::valueOf).toList(),
          json.getString("error"), json.getLong("deletedRows", 0L),
          json.getInteger("cursors", 0));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("runId", runId)
        .put("source", source)
        .put("mode", mode.wire())
        .put("state", state.name().toLowerCase())
        .put("startedAt", startedAt.toString())
        .put("endedAt", endedAt == null ? null : endedAt.toString())
        .put("tables", new JsonArray(tables.stream().map(TableStatus::toJson).toList()))
        .put("error", error);
  }

  public static RunStatus fromJson(JsonObject json) {
    String ended = json.getString("endedAt");
    return new RunStatus(json.getString("runId"), json.getString("source"), RunMode.fromWire(json.getString("mode")),
        State.valueOf(json.getString("state").toUpperCase()), Instant.parse(json.getString("startedAt")),
        ended == null ? null : Instant.parse(ended),
        json.getJsonArray("tables", new JsonArray()).stream().map(o -> TableStatus.fromJson((JsonObject) o)).toList(),
        json.getString("error"));
  }
}
