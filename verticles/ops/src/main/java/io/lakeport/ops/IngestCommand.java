package io.lakeport.ops;

import io.lakeport.ingest.IngestAddresses;
import io.lakeport.ingest.IngestRequest;
import io.lakeport.ingest.ProgressEvent;
import io.lakeport.ingest.RunMode;
import io.lakeport.ingest.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ingest --source ms1 [--tables a,b] [--mode full|incremental] [--follow]}: starts a run through
 * the bridge and prints its id; with {@code --follow}, shows its progress and exits 0 when it succeeds, 1
 * with the reason when it fails.
 *
 * <p>Following listens to the progress events, registered before the run is requested so that none is
 * missed, and also asks for the run's status every {@value #POLL_SECONDS} seconds: on a clustered bus a
 * new registration takes a moment to reach the other members, and the status is what decides the end.
 */
public final class IngestCommand extends BridgeCommand {

  static final int POLL_SECONDS = 3;

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "start an ingest run through the bridge: --source NAME [--tables a,b] [--mode full|incremental] [--follow]";
  }

  @Override
  String usage() {
    return "--source NAME [--tables a,b] [--mode full|incremental] [--follow] [--progress bar|lines|json] "
        + "[--bridge host:port] [--timeout seconds]";
  }

  @Override
  Set<String> options() {
    return Set.of("source", "tables", "mode", "progress");
  }

  @Override
  Set<String> flags() {
    return Set.of("follow");
  }

  @Override
  void validate(CliArgs args) {
    if (args.get("source", null) == null) {
      throw new CliArgs.UsageException("--source is required");
    }
    if (!args.positionals().isEmpty()) {
      throw new CliArgs.UsageException("unexpected argument '" + args.positionals().getFirst() + "'");
    }
    request(args);
    style(args);
  }

  private static IngestRequest request(CliArgs args) {
    String tables = args.get("tables", null);
    List<String> names = tables == null ? List.of()
        : Arrays.stream(tables.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    try {
      String mode = args.get("mode", null);
      return new IngestRequest(args.get("source", null), names, mode == null ? RunMode.FULL : RunMode.fromWire(mode));
    } catch (IllegalArgumentException e) {
      throw new CliArgs.UsageException("--" + e.getMessage());
    }
  }

  private static ProgressView.Style style(CliArgs args) {
    String progress = args.get("progress", null);
    if (progress == null) {
      return System.console() != null && System.console().isTerminal() ? ProgressView.Style.BAR : ProgressView.Style.LINES;
    }
    return switch (progress) {
      case "bar" -> ProgressView.Style.BAR;
      case "lines" -> ProgressView.Style.LINES;
      case "json" -> ProgressView.Style.JSON;
      default -> throw new CliArgs.UsageException("--progress expects bar, lines or json, got '" + progress + "'");
    };
  }

  @Override
  Future<Integer> execute(BridgeClient client, CliArgs args, Duration timeout, PrintStream out, PrintStream err) {
    IngestRequest request = request(args);
    if (!args.flag("follow")) {
      return client.request(IngestAddresses.START, request.toJson(), timeout)
          .map(reply -> {
            out.println(reply.getString("runId"));
            return OK;
          })
          .recover(e -> Future.succeededFuture(failure(e, err)));
    }
    ProgressView view = new ProgressView(out, style(args), System::nanoTime);
    if (!request.tables().isEmpty()) {
      view.expectTables(request.tables().size());
    }
    return new Follow(client, request, timeout, view, err).start();
  }

  /** One followed run: the events, the status polls, and the end. */
  private final class Follow {

    private final BridgeClient client;
    private final IngestRequest request;
    private final Duration timeout;
    private final ProgressView view;
    private final PrintStream err;
    private final Vertx vertx;
    private final Promise<Integer> exit = Promise.promise();
    private final List<ProgressEvent> early = new ArrayList<>();
    private String runId;
    private long poller = -1;
    private boolean ending;

    Follow(BridgeClient client, IngestRequest request, Duration timeout, ProgressView view, PrintStream err) {
      this.client = client;
      this.request = request;
      this.timeout = timeout;
      this.view = view;
      this.err = err;
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
          .onFailure(e -> exit.tryComplete(failure(e, err)));
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
