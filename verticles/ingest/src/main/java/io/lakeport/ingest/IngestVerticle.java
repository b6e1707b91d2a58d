package io.lakeport.ingest;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.RunStatus;
import io.lakeport.catalog.Catalog;
import io.lakeport.config.LakeportConfig;
import io.lakeport.ingest.transfer.PassThroughBufferCodec;
import io.lakeport.lake.LakeJanitor;
import io.lakeport.lake.LakeStore;
import io.lakeport.lake.iceberg.IcebergLake;
import io.lakeport.run.RunId;
import io.lakeport.store.S3Clients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves the ingest contract of {@link IngestAddresses} for the sources of this process's profile: the
 * per-source addresses ({@link IngestAddresses#ofSource}) run the {@link IngestCoordinator}; the public
 * addresses forward to them, so on a clustered bus a request reaches the process that owns its source
 * whichever process took it. Stopping the verticle cancels running runs (their uploads are aborted and
 * their manifests say so) before the S3 client closes.
 */
public final class IngestVerticle extends VerticleBase {

  private static final long FORWARD_TIMEOUT_MS = 60_000;
  /** An upkeep replies once it has ended: compaction of a large table takes long. */
  static final long UPKEEP_TIMEOUT_MS = 6 * 60 * 60_000L;

  private final LakeportConfig config;
  private final SourceFactory sources;
  private final CatalogFactory catalogs;

  private S3AsyncClient s3;
  private LakeJanitor janitor;
  private IngestCoordinator coordinator;
  private IcebergLake iceberg;

  public IngestVerticle(LakeportConfig config, SourceFactory sources, CatalogFactory catalogs) {
    this.config = config;
    this.sources = sources;
    this.catalogs = catalogs;
  }

  @Override
  public Future<?> start() {
    PassThroughBufferCodec.register(vertx);
    // The SDK's first client build loads and initialises hundreds of classes (seconds on a busy machine):
    // a worker does it, not the event loop.
    return vertx.executeBlocking(() -> S3Clients.create(config.lake())).compose(client -> {
      s3 = client;
      return catalogs.open(vertx);
    }).compose(this::serve);
  }

  private Future<Void> serve(Catalog catalog) {
    janitor = new LakeJanitor(vertx);
    iceberg = new IcebergLake(vertx, s3, context, config.lake());
    coordinator = new IngestCoordinator(new IngestServices(vertx, config, new LakeStore(s3, context), janitor,
        catalog, sources, iceberg));
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    for (String source : coordinator.sources()) {
      consumers.add(bus.<JsonObject>consumer(IngestAddresses.ofSource(IngestAddresses.START, source), this::start));
      consumers.add(bus.<JsonObject>consumer(IngestAddresses.ofSource(IngestAddresses.STATUS, source), this::status));
      consumers.add(bus.<JsonObject>consumer(IngestAddresses.ofSource(IngestAddresses.CANCEL, source), this::cancel));
      consumers.add(bus.<JsonObject>consumer(IngestAddresses.ofSource(IngestAddresses.RUNS, source), this::runs));
      consumers.add(bus.<JsonObject>consumer(IngestAddresses.ofSource(IngestAddresses.UPKEEP, source), this::upkeep));
    }
    consumers.add(bus.<JsonObject>consumer(IngestAddresses.START, m -> forward(m, IngestAddresses.START, sourceOf(m))));
    consumers.add(bus.<JsonObject>consumer(IngestAddresses.STATUS, m -> forward(m, IngestAddresses.STATUS, runSourceOf(m))));
    consumers.add(bus.<JsonObject>consumer(IngestAddresses.CANCEL, m -> forward(m, IngestAddresses.CANCEL, runSourceOf(m))));
    consumers.add(bus.<JsonObject>consumer(IngestAddresses.RUNS, this::forwardRuns));
    consumers.add(bus.<JsonObject>consumer(IngestAddresses.UPKEEP,
        m -> forward(m, IngestAddresses.UPKEEP, sourceOf(m), UPKEEP_TIMEOUT_MS)));
    List<Future<Void>> registered = consumers.stream().map(MessageConsumer::completion).toList();
    // A stale RUNNING manifest must not block start-up when the store is briefly unreachable.
    return Future.all(registered).onSuccess(v -> coordinator.recoverInterrupted()).mapEmpty();
  }

  @Override
  public Future<?> stop() {
    if (coordinator == null) {
      return s3 == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
        s3.close();
        return null;
      });
    }
    return coordinator.shutdown("cancelled: the ingest process is stopping")
        .eventually(() -> iceberg.close())
        .eventually(() -> {
          janitor.close();
          s3.close();
          return catalogs.close();
        });
  }

  private void start(Message<JsonObject> message) {
    IngestRequest request;
    try {
      request = IngestRequest.fromJson(message.body());
    } catch (IllegalArgumentException e) {
      message.fail(IngestAddresses.BAD_REQUEST, e.getMessage());
      return;
    }
    reply(message, coordinator.start(request).map(id -> new JsonObject().put("runId", id)));
  }

  private void status(Message<JsonObject> message) {
    String runId = message.body() == null ? null : message.body().getString("runId");
    if (runId == null) {
      message.fail(IngestAddresses.BAD_REQUEST, "runId is required");
      return;
    }
    reply(message, coordinator.status(runId).map(RunStatus::toJson));
  }

  private void cancel(Message<JsonObject> message) {
    String runId = message.body() == null ? null : message.body().getString("runId");
    if (runId == null) {
      message.fail(IngestAddresses.BAD_REQUEST, "runId is required");
      return;
    }
    reply(message, coordinator.cancel(runId, "cancelled on request").map(RunStatus::toJson));
  }

  private void upkeep(Message<JsonObject> message) {
    String source = sourceOf(message);
    if (source == null) {
      message.fail(IngestAddresses.BAD_REQUEST, "source is required and must be a non-empty text");
      return;
    }
    reply(message, coordinator.upkeep(source).map(UpkeepReport::toJson));
  }

  private void runs(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Integer limit = limitOrFail(message, body);
    if (limit == null) {
      return;
    }
    reply(message, coordinator.runs(body.getString("source"), limit).map(IngestCoordinator::runsJson));
  }

  /** RUNS without a source asks every configured source's owner and merges the answers. */
  private void forwardRuns(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    if (body.getValue("source") != null) {
      forward(message, IngestAddresses.RUNS, body.getValue("source") instanceof String s ? s : null);
      return;
    }
    Integer limit = limitOrFail(message, body);
    if (limit == null) {
      return;
    }
    List<Future<List<RunStatus>>> answers = new ArrayList<>();
    for (String source : config.sources().keySet()) {
      answers.add(vertx.eventBus().<JsonObject>request(IngestAddresses.ofSource(IngestAddresses.RUNS, source),
              body.copy().put("source", source), new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS))
          .map(reply -> reply.body().getJsonArray("runs").stream()
              .map(o -> RunStatus.fromJson((JsonObject) o)).toList())
          .recover(e -> isNoHandlers(e) ? Future.succeededFuture(List.of()) : Future.failedFuture(e)));
    }
    reply(message, Future.all(answers).map(all -> {
      List<RunStatus> merged = new ArrayList<>();
      for (int i = 0; i < answers.size(); i++) {
        merged.addAll(all.<List<RunStatus>>resultAt(i));
      }
      merged.sort(java.util.Comparator.comparing(RunStatus::startedAt).thenComparing(RunStatus::runId).reversed());
      int n = limit <= 0 ? IngestCoordinator.DEFAULT_LIMIT : Math.min(limit, IngestCoordinator.MAX_LIMIT);
      return IngestCoordinator.runsJson(merged.subList(0, Math.min(n, merged.size())));
    }));
  }

  private void forward(Message<JsonObject> message, String address, String source) {
    forward(message, address, source, FORWARD_TIMEOUT_MS);
  }

  private void forward(Message<JsonObject> message, String address, String source, long timeoutMs) {
    if (source == null) {
      boolean bySource = address.equals(IngestAddresses.START) || address.equals(IngestAddresses.UPKEEP);
      message.fail(IngestAddresses.BAD_REQUEST, bySource
          ? "source is required and must be a non-empty text" : "runId is required and must be a run id");
      return;
    }
    vertx.eventBus().<JsonObject>request(IngestAddresses.ofSource(address, source), message.body(),
            new DeliveryOptions().setSendTimeout(timeoutMs))
        .onSuccess(reply -> message.reply(reply.body()))
        .onFailure(e -> {
          if (isNoHandlers(e)) {
            message.fail(IngestAddresses.NOT_FOUND, "no ingest process serves source '" + source + "'");
          } else if (e instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            message.fail(r.failureCode(), r.getMessage());
          } else {
            message.fail(500, e.getMessage());
          }
        });
  }

  private static String sourceOf(Message<JsonObject> message) {
    Object source = message.body() == null ? null : message.body().getValue("source");
    return source instanceof String s && !s.isBlank() ? s : null;
  }

  private static String runSourceOf(Message<JsonObject> message) {
    Object runId = message.body() == null ? null : message.body().getValue("runId");
    if (!(runId instanceof String id)) {
      return null;
    }
    try {
      return RunId.sourceOf(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The body's {@code limit} (the default when absent); null once {@code message} was failed for a bad one. */
  private static Integer limitOrFail(Message<JsonObject> message, JsonObject body) {
    Object limit = body.getValue("limit");
    if (limit == null) {
      return IngestCoordinator.DEFAULT_LIMIT;
    }
    if (!(limit instanceof Number n) || n.intValue() < 1) {
      message.fail(IngestAddresses.BAD_REQUEST, "limit must be a positive number");
      return null;
    }
    return n.intValue();
  }

  private static boolean isNoHandlers(Throwable e) {
    return e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static void reply(Message<JsonObject> message, Future<JsonObject> answer) {
    answer.onSuccess(message::reply).onFailure(e -> {
      if (e instanceof IngestRefusal refusal) {
        message.fail(refusal.code(), refusal.getMessage());
      } else {
        message.fail(500, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    });
  }
}
