package io.lakeport.cli;

import io.lakeport.ops.bridge.BridgeClient;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code history [--source ms1] [--limit N] [--json]} (alias {@code runs}): the run history, newest first. */
@Command(name = "history", aliases = "runs",
    description = "List ingest runs, newest first.",
    exitCodeList = {"0:listed", "1:the request was refused", ClientCommand.USAGE_LINE, ClientCommand.UNAVAILABLE_LINE,
        ClientCommand.UNAUTHORIZED_LINE})
public final class HistoryCommand extends ClientCommand {

  @Option(names = "--source", paramLabel = "NAME", description = "Only the runs of this source.")
  String source;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "At most this many runs (1 to 1000, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the answer as one JSON object.")
  boolean json;

  public HistoryCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  void validate() {
    OptionChecks.wholeNumber(spec, "--limit", limit, 1, 1000);
  }

  @Override
  Future<Integer> overBridge(BridgeClient client, Duration timeout) {
    JsonObject query = new JsonObject().put("limit", limit);
    if (source != null) {
      query.put("source", source);
    }
    return client.request(IngestAddresses.RUNS, query, timeout)
        .map(this::print)
        .recover(e -> Future.succeededFuture(failure(e)));
  }

  @Override
  int overApi(ApiClient api) throws InterruptedException {
    return print(api.get("/api/ingestions?limit=" + limit + (source == null ? "" : "&source=" + ApiClient.encode(source))));
  }

  private int print(JsonObject reply) {
    JsonArray runs = reply.getJsonArray("runs", new JsonArray());
    if (json) {
      out.println(new JsonObject().put("runs", runs).encode());
    } else {
      List<RunStatus> list = runs.stream().map(r -> RunStatus.fromJson((JsonObject) r)).toList();
      RunReport.printList(list, out);
    }
    return OK;
  }
}
