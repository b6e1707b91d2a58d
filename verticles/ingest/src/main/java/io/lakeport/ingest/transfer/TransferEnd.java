package io.lakeport.ingest.transfer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the source side reports when its table is read to the end.
 *
 * @param cursors how many cursors read the table (its ranges; 1 for one cursor)
 */
public record TransferEnd(long rows, long bytes, String maxWatermark, List<String> warnings, int cursors) {

  public TransferEnd {
    warnings = List.copyOf(warnings);
  }

  JsonObject toJson() {
    return new JsonObject().put("rows", rows).put("bytes", bytes).put("maxWatermark", maxWatermark)
        .put("warnings", new JsonArray(warnings)).put("cursors", cursors);
  }

  static TransferEnd fromJson(JsonObject json) {
    return new TransferEnd(json.getLong("rows", 0L), json.getLong("bytes", 0L), json.getString("maxWatermark"),
        json.getJsonArray("warnings", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getInteger("cursors", 1));
  }
}
