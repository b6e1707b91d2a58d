package io.lakeport.ops;

import io.lakeport.ingest.IngestAddresses;
import io.lakeport.ingest.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code runs [--source ms1] [--limit N] [--json]}: the run history, newest first. */
public final class RunsCommand extends BridgeCommand {

  @Override
  public String name() {
    return "runs";
  }

  @Override
  public String summary() {
    return "list ingest runs through the bridge, newest first: [--source NAME] [--limit N]";
  }

  @Override
  String usage() {
    return "[--source NAME] [--limit N] [--json] [--bridge host:port] [--timeout seconds]";
  }

  @Override
  Set<String> options() {
    return Set.of("source", "limit");
  }

  @Override
  Set<String> flags() {
    return Set.of("json");
  }

  @Override
  void validate(CliArgs args) {
    args.integer("limit", 20, 1, 10_000);
    if (!args.positionals().isEmpty()) {
      throw new CliArgs.UsageException("unexpected argument '" + args.positionals().getFirst() + "'");
    }
  }

  @Override
  Future<Integer> execute(BridgeClient client, CliArgs args, Duration timeout, PrintStream out, PrintStream err) {
    JsonObject query = new JsonObject().put("limit", args.integer("limit", 20, 1, 10_000));
    String source = args.get("source", null);
    if (source != null) {
      query.put("source", source);
    }
    return client.request(IngestAddresses.RUNS, query, timeout)
        .map(reply -> {
          JsonArray runs = reply.getJsonArray("runs", new JsonArray());
          if (args.flag("json")) {
            out.println(reply.encode());
          } else {
            List<RunStatus> list = runs.stream().map(r -> RunStatus.fromJson((JsonObject) r)).toList();
            RunReport.printList(list, out);
          }
          return OK;
        })
        .recover(e -> Future.succeededFuture(failure(e, err)));
  }
}
