package io.lakeport.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one upkeep of a source did, table by table ({@link TableUpkeep}); the reply of
 * {@link io.lakeport.run.IngestAddresses#UPKEEP}.
 */
record UpkeepReport(String source, Instant startedAt, Instant endedAt, List<TableOutcome> tables) {

  UpkeepReport {
    tables = List.copyOf(tables);
  }

  /** One table's upkeep: {@code failure} null when every statement ran. */
  record TableOutcome(String table, Duration duration, TableUpkeepException failure) {
    boolean succeeded() {
      return failure == null;
    }
  }

  boolean succeeded() {
    return tables.stream().allMatch(TableOutcome::succeeded);
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (TableOutcome outcome : tables) {
      list.add(new JsonObject().put("table", outcome.table())
          .put("state", outcome.succeeded() ? "succeeded" : "failed")
          .put("durationMs", outcome.duration().toMillis())
          .put("error", outcome.succeeded() ? null : outcome.failure().getMessage()));
    }
    return new JsonObject().put("source", source).put("state", succeeded() ? "succeeded" : "failed")
        .put("startedAt", startedAt.toString()).put("endedAt", endedAt.toString()).put("tables", list);
  }
}
