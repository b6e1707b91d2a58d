package io.lakeport.ops;

import io.lakeport.ingest.IngestAddresses;
import io.lakeport.ingest.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/**
 * {@code status RUNID [--json]}: one run's state, tables and error. Exits 0 when the run succeeded or is
 * still running, 1 when it failed or is unknown.
 */
public final class StatusCommand extends BridgeCommand {

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String summary() {
    return "show one ingest run through the bridge: RUNID";
  }

  @Override
  String usage() {
    return "RUNID [--json] [--bridge host:port] [--timeout seconds]";
  }

  @Override
  Set<String> options() {
    return Set.of();
  }

  @Override
  Set<String> flags() {
    return Set.of("json");
  }

  @Override
  void validate(CliArgs args) {
    if (args.positionals().size() != 1) {
      throw new CliArgs.UsageException(args.positionals().isEmpty() ? "the run id is required"
          : "one run id, got " + args.positionals().size() + " arguments");
    }
  }

  @Override
  Future<Integer> execute(BridgeClient client, CliArgs args, Duration timeout, PrintStream out, PrintStream err) {
    String runId = args.positionals().getFirst();
    return client.request(IngestAddresses.STATUS, new JsonObject().put("runId", runId), timeout)
        .map(reply -> {
          RunStatus run = RunStatus.fromJson(reply);
          if (args.flag("json")) {
            out.println(reply.encode());
          } else {
            RunReport.printRun(run, out);
          }
          return run.state() == RunStatus.State.FAILED ? FAILED : OK;
        })
        .recover(e -> Future.succeededFuture(failure(e, err)));
  }
}
