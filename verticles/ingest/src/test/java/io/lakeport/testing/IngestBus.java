package io.lakeport.testing;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunStatus;
import io.lakeport.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Drives the ingest contract over the event bus as the api group or the tooling would, from a test thread. */
public final class IngestBus {

  private final Vertx vertx;
  public final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  public IngestBus(Vertx vertx) throws Exception {
    this.vertx = vertx;
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.PROGRESS, m -> events.add(ProgressEvent.fromJson(m.body())))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public JsonObject request(String address, JsonObject body) throws Exception {
    return vertx.eventBus().<JsonObject>request(address, body).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS).body();
  }

  /** The failure a request is answered with (code and message), or null if it succeeded. */
  public ReplyException refusal(String address, JsonObject body) throws Exception {
    try {
      request(address, body);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ReplyException r) {
        return r;
      }
      throw e;
    }
  }

  public String start(JsonObject body) throws Exception {
    return request(IngestAddresses.START, body).getString("runId");
  }

  public RunStatus status(String runId) throws Exception {
    return RunStatus.fromJson(request(IngestAddresses.STATUS, new JsonObject().put("runId", runId)));
  }

  /** Polls the status until the run ended (bounded, so a hung run fails the test instead of hanging it). */
  public RunStatus awaitEnd(String runId) throws Exception {
    for (int i = 0; i < 3000; i++) {
      RunStatus status = status(runId);
      if (status.state() != RunStatus.State.RUNNING) {
        // The final event follows the manifest; wait for it too so event assertions see it.
        for (int j = 0; j < 100 && events(runId).stream().noneMatch(e -> e.type().ends()); j++) {
          Thread.sleep(50);
        }
        return status;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not end in 5 minutes");
  }

  /** Waits for the first event of {@code type} of the run and answers it. */
  public ProgressEvent awaitEvent(String runId, ProgressEvent.Type type, Duration timeout, String what) {
    return Await.value(what + " (a " + type.wire() + " event of run " + runId + ")", timeout,
        () -> events(runId).stream().filter(e -> e.type() == type).findFirst().orElse(null), e -> e != null);
  }

  public List<ProgressEvent> events(String runId) {
    return events.stream().filter(e -> e.runId().equals(runId)).toList();
  }

  public List<RunStatus> runs(JsonObject query) throws Exception {
    return request(IngestAddresses.RUNS, query).getJsonArray("runs").stream()
        .map(o -> RunStatus.fromJson((JsonObject) o)).toList();
  }
}
