package io.lakeport.ingest;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One step of a run, published on {@link IngestAddresses#PROGRESS}:
 * {@code {"runId", "source", "type", "table"?, "rows", "bytes", "message"?, "at"}}. {@code rows} and
 * {@code bytes} are totals so far for the table (table events) or the run (run events), so a watcher that
 * misses an event loses no count.
 */
public record ProgressEvent(String runId, String source, Type type, String table, long rows, long bytes,
                            String message, Instant at) {

  public enum Type {
    RUN_STARTED, TABLE_STARTED, TABLE_PROGRESS, TABLE_WARNING, TABLE_DONE, TABLE_FAILED, RUN_DONE, RUN_FAILED;

    public String wire() {
      return name().toLowerCase().replace('_', '-');
    }

    public static Type fromWire(String text) {
      return valueOf(text.toUpperCase().replace('-', '_'));
    }

    public boolean ends() {
      return this == RUN_DONE || this == RUN_FAILED;
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
        json.getLong("rows", 0L), json.getLong("bytes", 0L), json.getString("message"),
        Instant.parse(json.getString("at")));
  }
}
