package io.lakeport.cli;

import io.lakeport.ops.bridge.BridgeClient;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.ProgressEvent;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ingest --source ms1 [--tables a,b] [--mode full|incremental|deletes] [--follow]}: starts a run and prints
 * its id; with {@code --follow}, shows its progress and exits 0 when it succeeds, 1 with the reason when it
 * fails. {@code ingest cancel RUNID} stops a run ({@link Cancel}).
 *
 * <p>Over the bridge, following listens to the progress events, registered before the run is requested so
 * that none is missed, and also asks for the run's status every {@value #POLL_SECONDS} seconds: on a
 * clustered bus a new registration takes a moment to reach the other members, and the status is what
 * decides the end. Over the API it reads the run's server-sent events, which end with the run.
 */
@Command(name = "ingest",
    description = "Start an ingest run of one source (and follow it with --follow), or cancel one.",
    exitCodeList = {"0:the run was accepted (with --follow: it succeeded)",
        "1:the run failed or was refused (the reason is printed)", ClientCommand.USAGE_LINE,
        "3:Lakeport is unreachable, the connection was lost, or no ingest process serves the source",
        ClientCommand.UNAUTHORIZED_LINE})
public final class IngestCommand extends ClientCommand {

  static final int POLL_SECONDS = 3;

  @Option(names = "--source", paramLabel = "NAME", description = "The source to copy (required), e.g. ms1.")
  String source;

  @Option(names = "--tables", paramLabel = "a,b", description = "Only these tables (default: all of the source's).")
  String tables;

  @Option(names = "--mode", paramLabel = "MODE", description = "full, incremental or deletes (delete detection; default: full).")
  String mode;

  @Option(names = "--follow", description = "Show the run's progress and wait for its end.")
  boolean follow;

  @Option(names = "--progress", paramLabel = "STYLE",
      description = "With --follow: bar (redrawn in place; the default on a terminal), lines (the default "
          + "otherwise: no control characters) or json (one event per line).")
  String progress;

  public IngestCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  void validate() {
    if (source == null) {
      throw new ParameterException(spec.commandLine(), "--source is required");
    }
    request();
    style();
  }

  private IngestRequest request() {
    List<String> names = tables == null ? List.of()
        : Arrays.stream(tables.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    try {
      return new IngestRequest(source, names, mode == null ? RunMode.FULL : RunMode.fromWire(mode));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
  }

  private ProgressView.Style style() {
    if (progress == null) {
      return System.console() != null && System.console().isTerminal() ? ProgressView.Style.BAR : ProgressView.Style.LINES;
    }
    return switch (progress) {
      case "bar" -> ProgressView.Style.BAR;
      case "lines" -> ProgressView.Style.LINES;
      case "json" -> ProgressView.Style.JSON;
      default -> throw new ParameterException(spec.commandLine(),
          "--progress expects bar, lines or json, got '" + progress + "'");
    };
  }

  private ProgressView view() {
    ProgressView view = new ProgressView(out, style(), System::nanoTime);
    IngestRequest request = request();
    if (!request.tables().isEmpty()) {
      view.expectTables(request.tables().size());
    }
    return view;
  }

  @Override
  Future<Integer> overBridge(BridgeClient client, Duration timeout) {
    IngestRequest request = request();
    if (!follow) {
      return client.request(IngestAddresses.START, request.toJson(), timeout)
          .map(reply -> {
            out.println(reply.getString("runId"));
            return OK;
          })
          .recover(e -> Future.succeededFuture(failure(e)));
    }
    return new Follow(client, request, timeout, view()).start();
  }

  @Override
  int overApi(ApiClient api) throws InterruptedException {
    IngestRequest request = request();
    String runId = api.post("/api/ingestions", request.toJson()).getString("runId");
    if (!follow) {
      out.println(runId);
      return OK;
    }
    ProgressView view = view();
    view.accepted(runId, request.source(), request.mode().wire());
    String path = "/api/ingestions/" + ApiClient.encode(runId);
    boolean[] counted = {false};
    try {
      api.events(path + "/events", json -> {
        ProgressEvent event = ProgressEvent.fromJson(json);
        if (!counted[0] && event.type() == ProgressEvent.Type.TABLE_STARTED) {
          // The run lists all its tables before the first starts: the run line's total.
          counted[0] = true;
          try {
            view.expectTables(RunStatus.fromJson(api.get(path)).tables().size());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (ApiClient.ApiException e) {
            // the run line goes on without a total
          }
        }
        view.onEvent(event);
      });
    } catch (ApiClient.ApiException e) {
      view.interrupted(e.getMessage() + "; the run " + runId + " goes on: java -jar lakeport.jar status " + runId);
      return UNAVAILABLE;
    }
    RunStatus run = RunStatus.fromJson(api.get(path));
    view.finished(run);
    return run.state() == RunStatus.State.SUCCEEDED ? OK : FAILED;
  }

  /**
   * {@code ingest cancel RUNID}: stops a running run through {@code DELETE /api/ingestions/{runId}}, or over the
   * bridge on {@link IngestAddresses#CANCEL}.
   */
  @Command(name = "cancel",
      description = "Cancel a running ingest run: its open uploads are aborted, nothing of the table in progress "
          + "is committed, the lake keeps the previous snapshot.",
      exitCodeList = {"0:cancelled", "1:the run is unknown, has already ended, or the request was refused",
          ClientCommand.USAGE_LINE, ClientCommand.UNAVAILABLE_LINE, ClientCommand.UNAUTHORIZED_LINE})
  public static final class Cancel extends ClientCommand {

    @Parameters(index = "0", paramLabel = "RUNID", description = "The run's id, as ingest printed it.")
    String runId;

    public Cancel(PrintStream out, PrintStream err, Map<String, String> env) {
      super(out, err, env);
    }

    @Override
    Future<Integer> overBridge(BridgeClient client, Duration timeout) {
      return client.request(IngestAddresses.CANCEL, new JsonObject().put("runId", runId), timeout)
          .map(reply -> cancelled())
          .recover(e -> Future.succeededFuture(failure(e)));
    }

    @Override
    int overApi(ApiClient api) throws InterruptedException {
      api.delete("/api/ingestions/" + ApiClient.encode(runId));
      return cancelled();
    }

    private int cancelled() {
      out.println("run " + runId + " cancelled");
      return OK;
    }
  }

  /** One followed run: the events, the status polls, and the end. */
  private final class Follow {

    private final BridgeClient client;
    private final IngestRequest request;
    private final Duration timeout;
    private final ProgressView view;
    private final Vertx vertx;
    private final Promise<Integer> exit = Promise.promise();
    private final List<ProgressEvent> early = new ArrayList<>();
    private String runId;
    private long poller = -1;
    private boolean ending;

    Follow(BridgeClient client, IngestRequest request, Duration timeout, ProgressView view) {
      this.client = client;
      this.request = request;
      this.timeout = timeout;
      this.view = view;
      this.vertx = client.vertx();
    }

    Future<Integer> start() {
      client.closeHandler(v -> {
        if (!exit.future().isComplete()) {
          view.interrupted("lost the connection to the bridge" + (runId == null ? "" : "; the run " + runId
              + " goes on: java -jar lakeport.jar status " + runId));
          exit.tryComplete(UNAVAILABLE);
        }
      });
      client.register(IngestAddresses.PROGRESS, body -> onEvent(ProgressEvent.fromJson(body)));
      client.request(IngestAddresses.START, request.toJson(), timeout)
          .onSuccess(reply -> accepted(reply.getString("runId")))
          .onFailure(e -> exit.tryComplete(failure(e)));
      return exit.future().andThen(r -> {
        if (poller >= 0) {
          vertx.cancelTimer(poller);
        }
      });
    }

    private void accepted(String id) {
      runId = id;
      view.accepted(id, request.source(), request.mode().wire());
      List<ProgressEvent> seen = List.copyOf(early);
      early.clear();
      seen.stream().filter(e -> e.runId().equals(id)).forEach(this::onEvent);
      if (!exit.future().isComplete()) {
        poller = vertx.setPeriodic(POLL_SECONDS * 1000L, t -> poll());
      }
    }

    private void onEvent(ProgressEvent event) {
      if (runId == null) {
        if (event.source().equals(request.source())) {
          early.add(event);
        }
        return;
      }
      if (!event.runId().equals(runId) || exit.future().isComplete()) {
        return;
      }
      view.onEvent(event);
      if (event.type().ends()) {
        end(event);
      }
    }

    private void poll() {
      if (ending || exit.future().isComplete()) {
        return;
      }
      status().onSuccess(run -> {
        if (run.tables().size() > 0) {
          view.expectTables(run.tables().size());
        }
        if (run.state() != RunStatus.State.RUNNING) {
          finish(run);
        }
      });
    }

    /** The run says it ended: its status has the totals and the reason (polling goes on if it lags behind). */
    private void end(ProgressEvent event) {
      ending = true;
      status().onComplete(result -> {
        ending = false;
        if (result.succeeded() && result.result().state() != RunStatus.State.RUNNING) {
          finish(result.result());
        } else if (result.failed()) {
          view.interrupted("the run " + event.type().wire() + (event.message() == null ? "" : ": " + event.message())
              + "; its status could not be read: " + result.cause().getMessage());
          exit.tryComplete(event.type() == ProgressEvent.Type.RUN_DONE ? OK : FAILED);
        }
      });
    }

    private Future<RunStatus> status() {
      return client.request(IngestAddresses.STATUS, new JsonObject().put("runId", runId), timeout)
          .map(RunStatus::fromJson);
    }

    private void finish(RunStatus run) {
      if (exit.future().isComplete()) {
        return;
      }
      view.finished(run);
      exit.tryComplete(run.state() == RunStatus.State.SUCCEEDED ? OK : FAILED);
    }
  }
}
