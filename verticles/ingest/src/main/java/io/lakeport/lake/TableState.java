package io.lakeport.lake;

import io.lakeport.store.LakeLayout;
import io.lakeport.run.RunMode;
import io.lakeport.schema.TableSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * What the lake holds for one table, written to {@link LakeLayout#tableStateKey} after each committed
 * run and only then: the snapshot readers see, the watermark the next incremental run starts after, and
 * the schema the data was written with. A reader that wants a consistent view reads this and then the
 * objects under {@code snapshotPrefix(table, snapshotId)}.
 *
 * @param table           the table's name in the lake (its key prefix)
 * @param engineTable     the name readers query
 * @param snapshotId      the snapshot that is current
 * @param previousSnapshots the snapshots that were current before it, newest first, as many as are kept
 * @param days            the {@code dt} partitions the current snapshot holds
 * @param watermarkColumn the column the watermark is of, null when none is configured
 * @param watermark       the largest committed value of that column, null before the first row
 * @param lastRunId       the run that wrote this state
 */
public record TableState(String table, String engineTable, String snapshotId, List<String> previousSnapshots,
                         List<String> days,
                         String watermarkColumn, String watermark, TableSchema schema, String lastRunId,
                         RunMode lastMode, Instant updatedAt) {

  public TableState {
    previousSnapshots = List.copyOf(previousSnapshots);
    days = List.copyOf(days);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("table", table)
        .put("engineTable", engineTable)
        .put("snapshotId", snapshotId)
        .put("previousSnapshots", new JsonArray(previousSnapshots))
        .put("days", new JsonArray(days))
        .put("watermarkColumn", watermarkColumn)
        .put("watermark", watermark)
        .put("schema", schema.toJson())
        .put("lastRunId", lastRunId)
        .put("lastMode", lastMode.wire())
        .put("updatedAt", updatedAt.toString());
  }

  public static TableState fromJson(JsonObject json) {
    return new TableState(json.getString("table"), json.getString("engineTable"), json.getString("snapshotId"),
        json.getJsonArray("previousSnapshots", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getJsonArray("days", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getString("watermarkColumn"), json.getString("watermark"),
        TableSchema.fromJson(json.getJsonObject("schema")), json.getString("lastRunId"),
        RunMode.fromWire(json.getString("lastMode", "full")), Instant.parse(json.getString("updatedAt")));
  }
}
