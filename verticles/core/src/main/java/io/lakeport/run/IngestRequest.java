package io.lakeport.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A request to ingest one source: {@code {"source": "ms1", "tables": ["usuarios"], "mode": "full"}}.
 * {@code tables} is optional (all configured tables) and so is {@code mode} (full).
 */
public record IngestRequest(String source, List<String> tables, RunMode mode) {

  public IngestRequest {
    tables = tables == null ? List.of() : List.copyOf(tables);
    mode = mode == null ? RunMode.FULL : mode;
  }

  public JsonObject toJson() {
    return new JsonObject().put("source", source).put("tables", new JsonArray(tables)).put("mode", mode.wire());
  }

  /** @throws IllegalArgumentException with a message fit for a 400 reply */
  public static IngestRequest fromJson(JsonObject json) {
    if (json == null || json.getValue("source") == null) {
      throw new IllegalArgumentException("source is required");
    }
    if (!(json.getValue("source") instanceof String source) || source.isBlank()) {
      throw new IllegalArgumentException("source must be a non-empty text");
    }
    Object tables = json.getValue("tables");
    if (tables != null && !(tables instanceof JsonArray)) {
      throw new IllegalArgumentException("tables must be a list of table names");
    }
    List<String> names = tables == null ? List.of()
        : ((JsonArray) tables).stream().map(t -> {
          if (!(t instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("tables must be a list of table names");
          }
          return s;
        }).toList();
    String mode = json.getString("mode");
    return new IngestRequest(source, names, mode == null ? RunMode.FULL : RunMode.fromWire(mode));
  }
}
