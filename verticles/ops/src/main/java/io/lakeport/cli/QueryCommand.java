package io.lakeport.cli;

import io.lakeport.ops.bridge.BridgeClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code query SQL [--format table|csv|jsonl] [--max-rows N]}: runs one read-only statement through the
 * API's {@code POST /api/query-custom} and prints its rows. The bridge carries ingest runs only, so this
 * command needs the API.
 */
@Command(name = "query",
    description = "Run one read-only SQL statement in the lake's engine and print its rows (REST API only).",
    exitCodeList = {"0:the rows were printed", "1:the statement was refused or failed (the reason is printed)",
        ClientCommand.USAGE_LINE, "3:Lakeport or its engine is unreachable", ClientCommand.UNAUTHORIZED_LINE})
public final class QueryCommand extends ClientCommand {

  enum Format { table, csv, jsonl }

  @Parameters(index = "0", paramLabel = "SQL", description = "One read-only statement in the engine's dialect.")
  String sql;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (aligned text), csv (RFC 4180, with a header) or jsonl (one JSON object per row); "
          + "default ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
      description = "At most this many rows (1 to 1000000, the server caps it; default ${DEFAULT-VALUE}).")
  int maxRows;

  public QueryCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  void validate() {
    OptionChecks.wholeNumber(spec, "--max-rows", maxRows, 1, 1_000_000);
    if (sql.isBlank()) {
      throw new ParameterException(spec.commandLine(), "the SQL statement is empty");
    }
  }

  @Override
  Future<Integer> overBridge(BridgeClient client, Duration timeout) {
    return needsApi("query");
  }

  @Override
  int overApi(ApiClient api) throws InterruptedException {
    JsonObject result = api.post("/api/query-custom", new JsonObject().put("sql", sql).put("maxRows", maxRows));
    print(result, format, out);
    if (result.getBoolean("truncated", false)) {
      err.println(name() + ": showing the first " + result.getJsonArray("rows").size() + " rows; the statement has more "
          + "(--max-rows)");
    }
    return OK;
  }

  /** Prints a {@code QueryResult} ({@code columns}, {@code rows} keyed by column name) in {@code format}. */
  static void print(JsonObject result, Format format, PrintStream out) {
    List<String> columns = result.getJsonArray("columns", new JsonArray()).stream()
        .map(c -> ((JsonObject) c).getString("name")).toList();
    JsonArray rows = result.getJsonArray("rows", new JsonArray());
    switch (format) {
      case jsonl -> rows.forEach(r -> out.println(((JsonObject) r).encode()));
      case csv -> {
        out.print(String.join(",", columns.stream().map(QueryCommand::csv).toList()) + "\r\n");
        for (Object r : rows) {
          JsonObject row = (JsonObject) r;
          out.print(String.join(",", columns.stream().map(c -> csv(text(row.getValue(c), ""))).toList()) + "\r\n");
        }
      }
      case table -> {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.toArray(String[]::new));
        for (Object r : rows) {
          JsonObject row = (JsonObject) r;
          lines.add(columns.stream().map(c -> text(row.getValue(c), "NULL")).toArray(String[]::new));
        }
        RunReport.printTable(lines, out, "");
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
      }
    }
  }

  private static String text(Object value, String nullText) {
    if (value == null) {
      return nullText;
    }
    return value instanceof JsonObject || value instanceof JsonArray ? value.toString() : String.valueOf(value);
  }

  /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
  static String csv(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
