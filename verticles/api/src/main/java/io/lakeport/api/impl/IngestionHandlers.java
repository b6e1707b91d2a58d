package io.lakeport.api.impl;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * Ingestion runs over the event bus ({@link IngestAddresses}): start, status, history, and live progress
 * as server-sent events. The API holds no run state of its own; the ingest group (in this process or
 * elsewhere on a clustered bus) answers, and its failure codes become the matching HTTP statuses.
 */
public final class IngestionHandlers {

  /** How often an idle event stream sends a comment line, so proxies do not close it. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final DeliveryOptions delivery;

  /** @param requestTimeout how long to wait for the ingest group's reply */
  public IngestionHandlers(Vertx vertx, Duration requestTimeout) {
    this.vertx = vertx;
    this.delivery = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
  }

  /** {@code POST /api/ingestions}: 202 with the run id once the ingest group accepted the run. */
  public Handler<RoutingContext> start() {
    return rc -> {
      IngestRequest request;
      try {
        request = IngestRequest.fromJson(Params.of(rc).body());
      } catch (IllegalArgumentException e) {
        Problem.badRequest(e.getMessage()).send(rc);
        return;
      }
      vertx.eventBus().<JsonObject>request(IngestAddresses.START, request.toJson(), delivery)
          .onSuccess(reply -> {
            String runId = reply.body().getString("runId");
            rc.response().putHeader("Location", "/api/ingestions/" + runId);
            Responses.json(rc, 202, new JsonObject().put("runId", runId));
          })
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  /** {@code GET /api/ingestions}: runs, newest first. */
  public Handler<RoutingContext> list() {
    return rc -> {
      Params params = Params.of(rc);
      JsonObject query = new JsonObject().put("limit", params.integer("limit"));
      if (params.string("source") != null) {
        query.put("source", params.string("source"));
      }
      vertx.eventBus().<JsonObject>request(IngestAddresses.RUNS, query, delivery)
          .onSuccess(reply -> {
            JsonArray runs = reply.body().getJsonArray("runs", new JsonArray());
            Responses.ok(rc, new JsonObject().put("runs", runs).put("count", runs.size()));
          })
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  /** {@code GET /api/ingestions/{runId}}. */
  public Handler<RoutingContext> get() {
    return rc -> status(Params.of(rc).string("runId"))
        .onSuccess(status -> Responses.ok(rc, status))
        .onFailure(e -> Responses.fail(rc, e));
  }

  /** {@code DELETE /api/ingestions/{runId}}: the run's final status once it stopped; 409 when it had ended. */
  public Handler<RoutingContext> cancel() {
    return rc -> vertx.eventBus().<JsonObject>request(IngestAddresses.CANCEL,
            new JsonObject().put("runId", Params.of(rc).string("runId")), delivery)
        .onSuccess(reply -> Responses.ok(rc, reply.body()))
        .onFailure(e -> Responses.fail(rc, e));
  }

  private Future<JsonObject> status(String runId) {
    return vertx.eventBus().<JsonObject>request(IngestAddresses.STATUS, new JsonObject().put("runId", runId), delivery)
        .map(reply -> reply.body());
  }

  /**
   * {@code GET /api/ingestions/{runId}/events}: the run's progress events as they are published, ending
   * after run-done or run-failed. It subscribes before it asks for the run's status, so no event falls
   * between the two; a run that has already ended gets one final event made from its status.
   */
  public Handler<RoutingContext> events() {
    return rc -> {
      String runId = Params.of(rc).string("runId");
      HttpServerResponse response = rc.response();
      if (HeadAsGet.isHead(rc)) {
        // HEAD: the stream's status and headers, without waiting for a run that may last hours.
        status(runId).onSuccess(status -> response.setStatusCode(200).putHeader("Content-Type", "text/event-stream")
            .putHeader("Cache-Control", "no-cache").end()).onFailure(e -> Responses.fail(rc, e));
        return;
      }
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(IngestAddresses.PROGRESS);
      EventStream stream = new EventStream(response, consumer);
      consumer.handler(message -> {
        JsonObject event = message.body();
        if (runId.equals(event.getString("runId"))) {
          stream.event(event);
        }
      });
      response.closeHandler(v -> stream.close());
      consumer.completion()
          .compose(v -> status(runId))
          .onSuccess(status -> {
            stream.open(vertx);
            RunStatus run = RunStatus.fromJson(status);
            if (run.state() != RunStatus.State.RUNNING) {
              stream.event(finalEvent(run));
            }
          })
          .onFailure(e -> {
            stream.close();
            Responses.fail(rc, e);
          });
    };
  }

  /** The run-done, run-failed or run-cancelled event of a run that ended before the client subscribed. */
  static JsonObject finalEvent(RunStatus run) {
    long rows = run.tables().stream().mapToLong(RunStatus.TableStatus::rows).sum();
    long bytes = run.tables().stream().mapToLong(RunStatus.TableStatus::bytes).sum();
    ProgressEvent.Type type = switch (run.state()) {
      case SUCCEEDED -> ProgressEvent.Type.RUN_DONE;
      case CANCELLED -> ProgressEvent.Type.RUN_CANCELLED;
      default -> ProgressEvent.Type.RUN_FAILED;
    };
    return new ProgressEvent(run.runId(), run.source(), type, null, rows, bytes, run.error(),
        run.endedAt() != null ? run.endedAt() : run.startedAt()).toJson();
  }

  /** One client's stream: events buffered until the status check opened it, then written as they come. */
  private static final class EventStream {
    private final HttpServerResponse response;
    private final MessageConsumer<JsonObject> consumer;
    private final java.util.List<JsonObject> early = new java.util.ArrayList<>();
    private boolean open;
    private boolean closed;
    private long heartbeat = -1;
    private Vertx vertx;

    EventStream(HttpServerResponse response, MessageConsumer<JsonObject> consumer) {
      this.response = response;
      this.consumer = consumer;
    }

    void open(Vertx vertx) {
      if (closed) {
        return;
      }
      this.vertx = vertx;
      open = true;
      response.setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          // Never compressed: a compressor may hold events back until its buffer fills.
          .putHeader("Content-Encoding", "identity")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("X-Accel-Buffering", "no");
      response.write(": lakeport ingestion events\n\n");
      heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> {
        if (!closed) {
          response.write(": keep-alive\n\n");
        }
      });
      for (JsonObject event : early) {
        write(event);
      }
      early.clear();
    }

    void event(JsonObject event) {
      if (closed) {
        return;
      }
      if (!open) {
        early.add(event);
        return;
      }
      write(event);
    }

    private void write(JsonObject event) {
      if (closed) {
        return;
      }
      String type = event.getString("type", "message");
      response.write("event: " + type + "\ndata: " + event.encode() + "\n\n");
      boolean ends;
      try {
        ends = ProgressEvent.Type.fromWire(type).ends();
      } catch (IllegalArgumentException e) {
        ends = false;
      }
      if (ends) {
        close();
        response.end();
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      consumer.unregister();
      if (heartbeat >= 0 && vertx != null) {
        vertx.cancelTimer(heartbeat);
      }
    }
  }
}
