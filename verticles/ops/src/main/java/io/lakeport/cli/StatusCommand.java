package io.lakeport.cli;

import io.lakeport.ops.bridge.BridgeClient;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** {@code status RUNID [--json]}: one run's state, tables and error. */
@Command(name = "status",
    description = "Show one ingest run: its state, tables, rows and error.",
    exitCodeList = {"0:the run succeeded or is still running", "1:the run failed, or is unknown",
        ClientCommand.USAGE_LINE, ClientCommand.UNAVAILABLE_LINE, ClientCommand.UNAUTHORIZED_LINE})
public final class StatusCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "RUNID", description = "The run's id, as ingest printed it.")
  String runId;

  @Option(names = "--json", description = "Print the run as one JSON object.")
  boolean json;

  public StatusCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  Future<Integer> overBridge(BridgeClient client, Duration timeout) {
    return client.request(IngestAddresses.STATUS, new JsonObject().put("runId", runId), timeout)
        .map(this::print)
        .recover(e -> Future.succeededFuture(failure(e)));
  }

  @Override
  int overApi(ApiClient api) throws InterruptedException {
    return print(api.get("/api/ingestions/" + ApiClient.encode(runId)));
  }

  private int print(JsonObject reply) {
    RunStatus run = RunStatus.fromJson(reply);
    if (json) {
      out.println(reply.encode());
    } else {
      RunReport.printRun(run, out);
    }
    return run.state() == RunStatus.State.FAILED ? FAILED : OK;
  }
}
