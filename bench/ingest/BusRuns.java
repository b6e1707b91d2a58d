import io.lakeport.run.IngestAddresses;
import io.lakeport.run.RunStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A full run of one table through the ingest group's bus contract, followed to its end: what both benchmarks
 * (IngestBench, QueryBench) start their timed ingests with.
 */
final class BusRuns {

  private BusRuns() {
  }

  /** Starts a full run of {@code source}'s {@code table} and asks for its status every {@code pollMillis} until it ends. */
  static RunStatus fullRunToEnd(Vertx vertx, String source, String table, long pollMillis) throws Exception {
    String runId = vertx.eventBus().<JsonObject>request(IngestAddresses.START, new JsonObject().put("source", source)
            .put("mode", "full").put("tables", new JsonArray().add(table)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body().getString("runId");
    RunStatus status;
    do {
      Thread.sleep(pollMillis);
      status = RunStatus.fromJson(vertx.eventBus().<JsonObject>request(IngestAddresses.STATUS,
              new JsonObject().put("runId", runId))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body());
    } while (status.state() == RunStatus.State.RUNNING);
    return status;
  }
}
