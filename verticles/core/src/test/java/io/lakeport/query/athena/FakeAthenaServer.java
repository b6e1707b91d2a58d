package io.lakeport.query.athena;

import io.lakeport.testkit.AwsJsonServer;
import io.lakeport.testkit.AwsJsonServer.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A local stand-in for Amazon Athena that answers the real AWS SDK over HTTP in Athena's wire protocol
 * (AWS JSON 1.1): {@code POST /} with {@code X-Amz-Target: AmazonAthena.<Operation>} and
 * {@code Content-Type: application/x-amz-json-1.1}; errors are HTTP 400 (500 for server faults) with a
 * {@code __type} body. Field names follow the Athena API model (service-2.json, 2017-05-18) as shipped in
 * the SDK 2.57.8 jar.
 *
 * <p>It implements StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution and
 * GetWorkGroup, with the
 * behaviour of the service that clients depend on: ClientRequestToken idempotency (32..128 characters,
 * the same token and query give the same execution, a different query with it is refused), the header
 * row that starts the first page of DML results only, MaxResults of 1 to 1000, opaque NextTokens tied to
 * their execution, "was not found" for unknown ids, and results refused before SUCCEEDED.
 *
 * <p>Tests script it: what a given query string (or the next query) goes through ({@link QueryScript}),
 * and failures to answer the next calls of an operation with ({@link FakeError}). Every request that
 * reaches it is recorded with its headers and JSON body (the protocol side is the testkit's
 * {@link AwsJsonServer}).
 */
public final class FakeAthenaServer extends AwsJsonServer {

  private static final String TARGET_PREFIX = "AmazonAthena.";

  /** A column of a scripted result, as GetQueryResults describes it. */
  public record Column(String name, String type, int precision, int scale) {
    public static Column of(String name, String type) {
      return new Column(name, type, switch (type) {
        case "varchar" -> 2147483647;
        case "bigint" -> 19;
        case "integer" -> 10;
        case "smallint" -> 5;
        case "tinyint" -> 3;
        case "double" -> 17;
        case "float" -> 17;
        case "boolean" -> 0;
        case "date" -> 0;
        case "timestamp" -> 3;
        default -> 0;
      }, 0);
    }

    public static Column decimal(String name, int precision, int scale) {
      return new Column(name, "decimal", precision, scale);
    }
  }

  /**
   * What one query goes through: the states its successive GetQueryExecution calls report (the last one
   * repeats), the statement type (DML results start with a header row, DDL and UTILITY ones do not), the
   * result, and for FAILED or CANCELLED the reason and AthenaError.
   */
  public record QueryScript(List<String> states, String statementType, String substatementType,
                            List<Column> columns, List<List<String>> rows, String stateChangeReason,
                            Integer errorCategory, Integer errorType, long dataScannedBytes,
                            Function<List<String>, List<List<String>>> rowsFromParameters) {

    public QueryScript {
      states = List.copyOf(states);
      columns = List.copyOf(columns);
      rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
      if (states.isEmpty()) {
        throw new IllegalArgumentException("a script needs at least one state");
      }
    }

    QueryScript(List<String> states, String statementType, String substatementType, List<Column> columns,
                List<List<String>> rows, String stateChangeReason, Integer errorCategory, Integer errorType,
                long dataScannedBytes) {
      this(states, statementType, substatementType, columns, rows, stateChangeReason, errorCategory, errorType,
          dataScannedBytes, null);
    }

    /**
     * The rows come from the query's ExecutionParameters, each read as Athena reads a SQL literal
     * ({@link #literalText}): the result shows what the engine received, not what a test expects.
     */
    public QueryScript withRowsFromParameters(Function<List<String>, List<List<String>>> compute) {
      return new QueryScript(states, statementType, substatementType, columns, rows, stateChangeReason,
          errorCategory, errorType, dataScannedBytes, compute);
    }

    /** A SELECT that is queued, runs, and succeeds with these columns and rows (null is SQL NULL). */
    public static QueryScript select(List<Column> columns, List<List<String>> rows) {
      return new QueryScript(List.of("QUEUED", "RUNNING", "SUCCEEDED"), "DML", "SELECT", columns, rows,
          null, null, null, 1024L * rows.size());
    }

    /** A SHOW or DESCRIBE style statement: its rows come without a header row. */
    public static QueryScript utility(String substatementType, List<Column> columns, List<List<String>> rows) {
      return new QueryScript(List.of("QUEUED", "RUNNING", "SUCCEEDED"), "UTILITY", substatementType, columns,
          rows, null, null, null, 0);
    }

    /** A query that fails while running, as Athena reports a user error (category 2). */
    public static QueryScript failing(String reason, int errorCategory, int errorType) {
      return new QueryScript(List.of("QUEUED", "RUNNING", "FAILED"), "DML", "SELECT", List.of(), List.of(),
          reason, errorCategory, errorType, 0);
    }

    /** A query that stays RUNNING until it is stopped. */
    public static QueryScript running() {
      return new QueryScript(List.of("QUEUED", "RUNNING"), "DML", "SELECT", List.of(), List.of(), null, null,
          null, 0);
    }

    public QueryScript withStates(String... newStates) {
      return new QueryScript(List.of(newStates), statementType, substatementType, columns, rows,
          stateChangeReason, errorCategory, errorType, dataScannedBytes, rowsFromParameters);
    }

    public QueryScript withReason(String reason) {
      return new QueryScript(states, statementType, substatementType, columns, rows, reason, errorCategory,
          errorType, dataScannedBytes, rowsFromParameters);
    }
  }

  /** An error answer: the exception's wire name, the HTTP status and the members its shape has. */
  public record FakeError(String type, int status, JsonObject members) {

    /** The concurrent query quota (StartQueryExecution). */
    public static FakeError tooManyRequests() {
      return new FakeError("TooManyRequestsException", 400, new JsonObject()
          .put("Message", "You have exceeded the limit for the number of queries you can run concurrently. "
              + "Please reduce the number of concurrent queries submitted by this account.")
          .put("Reason", "CONCURRENT_QUERY_LIMIT_EXCEEDED"));
    }

    /** The API call rate limit, answered by AWS's front end (not part of Athena's model, lower-case key). */
    public static FakeError throttling() {
      return new FakeError("ThrottlingException", 400, new JsonObject().put("message", "Rate exceeded"));
    }

    public static FakeError invalidRequest(String message, String athenaErrorCode) {
      JsonObject members = new JsonObject().put("Message", message);
      if (athenaErrorCode != null) {
        members.put("AthenaErrorCode", athenaErrorCode);
      }
      return new FakeError("InvalidRequestException", 400, members);
    }

    public static FakeError internalServer() {
      return new FakeError("InternalServerException", 500, new JsonObject().put("Message", "Internal error"));
    }
  }

  /** One query execution the fake keeps. */
  public static final class Execution {
    final String id;
    final String query;
    final String token;
    final JsonObject request;
    final QueryScript script;
    final Instant submitted = Instant.now();
    int cursor;
    String state;
    boolean stopped;
    Instant completed;

    Execution(String id, String query, String token, JsonObject request, QueryScript script) {
      this.id = id;
      this.query = query;
      this.token = token;
      this.request = request;
      this.script = script;
      this.state = script.states().getFirst();
    }

    public synchronized String state() {
      return state;
    }

    public synchronized boolean stopped() {
      return stopped;
    }
  }

  private final Map<String, QueryScript> scriptsBySql = new ConcurrentHashMap<>();
  private final Deque<QueryScript> nextScripts = new ArrayDeque<>();
  private final Map<String, Deque<FakeError>> failures = new HashMap<>();
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, Execution> byToken = new ConcurrentHashMap<>();
  private final Map<String, String> workgroups = new ConcurrentHashMap<>(Map.of("primary", "ENABLED"));

  private FakeAthenaServer() {
    super(TARGET_PREFIX);
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  public static Future<FakeAthenaServer> start(Vertx vertx) {
    return listen(vertx, new FakeAthenaServer());
  }

  /** Creates (or changes) a workgroup; "primary" exists from the start, as in every account. */
  public FakeAthenaServer workgroup(String name, boolean enabled) {
    workgroups.put(name, enabled ? "ENABLED" : "DISABLED");
    return this;
  }

  /** Every query whose QueryString is exactly {@code sql} goes through {@code script}. */
  public FakeAthenaServer script(String sql, QueryScript script) {
    scriptsBySql.put(sql, script);
    return this;
  }

  /** The next query with no script of its own goes through {@code script} (first in, first used). */
  public synchronized FakeAthenaServer scriptNext(QueryScript script) {
    nextScripts.addLast(script);
    return this;
  }

  /** The next call of {@code operation} (e.g. "StartQueryExecution") is answered with {@code error}. */
  public synchronized FakeAthenaServer failNext(String operation, FakeError error) {
    failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).addLast(error);
    return this;
  }

  /** The next {@code times} calls of {@code operation} in a row are answered with {@code error}. */
  public synchronized FakeAthenaServer failNext(String operation, int times, FakeError error) {
    for (int i = 0; i < times; i++) {
      failNext(operation, error);
    }
    return this;
  }

  public Execution execution(String id) {
    return executions.get(id);
  }

  public int executionCount() {
    return executions.size();
  }

  private static Answer error(FakeError error) {
    return Answer.error(error.status(), error.type(), error.members());
  }

  @Override
  protected Answer answer(String operation, JsonObject json) {
    FakeError scripted = nextFailure(operation);
    if (scripted != null) {
      return error(scripted);
    }
    return switch (operation) {
      case "StartQueryExecution" -> start(json);
      case "GetQueryExecution" -> getExecution(json);
      case "GetQueryResults" -> getResults(json);
      case "StopQueryExecution" -> stop(json);
      case "GetWorkGroup" -> getWorkGroup(json);
      default -> Answer.error("UnknownOperationException", "unknown operation " + TARGET_PREFIX + operation);
    };
  }

  private synchronized FakeError nextFailure(String operation) {
    Deque<FakeError> queue = failures.get(operation);
    return queue == null ? null : queue.pollFirst();
  }

  private synchronized QueryScript scriptFor(String sql) {
    QueryScript exact = scriptsBySql.get(sql);
    if (exact != null) {
      return exact;
    }
    QueryScript next = nextScripts.pollFirst();
    if (next != null) {
      return next;
    }
    return QueryScript.failing("FakeAthenaServer has no script for: " + sql, 2, 1999);
  }

  private Answer start(JsonObject request) {
    String query = request.getString("QueryString");
    if (query == null || query.isEmpty() || query.length() > 262144) {
      return validation("queryString", "Member must have length between 1 and 262144");
    }
    String token = request.getString("ClientRequestToken");
    if (token == null || token.length() < 32 || token.length() > 128) {
      return validation("clientRequestToken", "Member must have length between 32 and 128");
    }
    JsonArray parameters = request.getJsonArray("ExecutionParameters");
    if (parameters != null) {
      if (parameters.isEmpty()) {
        return validation("executionParameters", "Member must have length greater than or equal to 1");
      }
      for (Object parameter : parameters) {
        if (!(parameter instanceof String text) || text.isEmpty()) {
          return validation("executionParameters", "Member must have length greater than or equal to 1");
        }
      }
    }
    String workgroup = request.getString("WorkGroup", "primary");
    if (!workgroups.containsKey(workgroup)) {
      return error(FakeError.invalidRequest("WorkGroup " + workgroup + " is not found.", null));
    }
    if (workgroups.get(workgroup).equals("DISABLED")) {
      return error(FakeError.invalidRequest("WorkGroup " + workgroup + " is disabled.", null));
    }
    synchronized (this) {
      Execution earlier = byToken.get(token);
      if (earlier != null) {
        if (!earlier.query.equals(query)) {
          return error(FakeError.invalidRequest(
              "Idempotent parameters do not match for ClientRequestToken " + token, "INVALID_INPUT"));
        }
        return Answer.ok(new JsonObject().put("QueryExecutionId", earlier.id));
      }
      Execution execution = new Execution(UUID.randomUUID().toString(), query, token, request.copy(),
          withParameters(scriptFor(query), parameters));
      executions.put(execution.id, execution);
      byToken.put(token, execution);
      return Answer.ok(new JsonObject().put("QueryExecutionId", execution.id));
    }
  }

  /** A script whose rows come from the parameters, with them computed (or failing as Athena would). */
  private static QueryScript withParameters(QueryScript script, JsonArray parameters) {
    if (script.rowsFromParameters() == null) {
      return script;
    }
    List<String> values = new ArrayList<>();
    try {
      for (Object parameter : parameters == null ? new JsonArray() : parameters) {
        values.add(literalText((String) parameter));
      }
    } catch (IllegalArgumentException e) {
      return QueryScript.failing("INVALID_PARAMETER_USAGE: " + e.getMessage(), 2, 1001);
    }
    return new QueryScript(script.states(), script.statementType(), script.substatementType(), script.columns(),
        script.rowsFromParameters().apply(values), null, null, null, script.dataScannedBytes());
  }

  private Answer getExecution(JsonObject request) {
    Execution execution = executions.get(String.valueOf(request.getString("QueryExecutionId")));
    if (execution == null) {
      return notFound(request.getString("QueryExecutionId"));
    }
    synchronized (execution) {
      if (!execution.stopped) {
        List<String> states = execution.script.states();
        execution.state = states.get(execution.cursor);
        execution.cursor = Math.min(execution.cursor + 1, states.size() - 1);
        if (done(execution.state) && execution.completed == null) {
          execution.completed = Instant.now();
        }
      }
      return Answer.ok(new JsonObject().put("QueryExecution", describe(execution)));
    }
  }

  private JsonObject describe(Execution execution) {
    QueryScript script = execution.script;
    JsonObject status = new JsonObject()
        .put("State", execution.state)
        .put("SubmissionDateTime", epochSeconds(execution.submitted));
    if (execution.completed != null) {
      status.put("CompletionDateTime", epochSeconds(execution.completed));
    }
    if (execution.state.equals("FAILED") || (execution.state.equals("CANCELLED") && !execution.stopped)) {
      if (script.stateChangeReason() != null) {
        status.put("StateChangeReason", script.stateChangeReason());
      }
      if (script.errorCategory() != null) {
        status.put("AthenaError", new JsonObject()
            .put("ErrorCategory", script.errorCategory())
            .put("ErrorType", script.errorType())
            .put("Retryable", false)
            .put("ErrorMessage", script.stateChangeReason()));
      }
    }
    JsonObject described = new JsonObject()
        .put("QueryExecutionId", execution.id)
        .put("Query", execution.query)
        .put("StatementType", script.statementType())
        .put("SubstatementType", script.substatementType())
        .put("ResultConfiguration", new JsonObject().put("OutputLocation", outputLocation(execution)))
        .put("QueryExecutionContext", new JsonObject()
            .put("Database", execution.request.getJsonObject("QueryExecutionContext", new JsonObject())
                .getString("Database", "default"))
            .put("Catalog", "awsdatacatalog"))
        .put("Status", status)
        .put("WorkGroup", execution.request.getString("WorkGroup", "primary"))
        .put("EngineVersion", new JsonObject()
            .put("SelectedEngineVersion", "AUTO")
            .put("EffectiveEngineVersion", "Athena engine version 3"));
    if (execution.request.containsKey("ExecutionParameters")) {
      described.put("ExecutionParameters", execution.request.getJsonArray("ExecutionParameters").copy());
    }
    if (!execution.state.equals("QUEUED")) {
      boolean ended = done(execution.state);
      described.put("Statistics", new JsonObject()
          .put("EngineExecutionTimeInMillis", ended ? 1234L : 0L)
          .put("DataScannedInBytes", ended ? script.dataScannedBytes() : 0L)
          .put("TotalExecutionTimeInMillis", ended ? 1500L : 0L)
          .put("QueryQueueTimeInMillis", 56L)
          .put("ServicePreProcessingTimeInMillis", 10L)
          .put("QueryPlanningTimeInMillis", 100L)
          .put("ServiceProcessingTimeInMillis", ended ? 200L : 0L)
          .put("ResultReuseInformation", new JsonObject().put("ReusedPreviousResult", false)));
    }
    return described;
  }

  private static String outputLocation(Execution execution) {
    String base = execution.request.getJsonObject("ResultConfiguration", new JsonObject())
        .getString("OutputLocation", "s3://aws-athena-query-results-fake/");
    return (base.endsWith("/") ? base : base + "/") + execution.id + ".csv";
  }

  private Answer getResults(JsonObject request) {
    String id = request.getString("QueryExecutionId");
    Execution execution = executions.get(String.valueOf(id));
    if (execution == null) {
      return notFound(id);
    }
    Integer maxResults = request.getInteger("MaxResults");
    if (maxResults != null && (maxResults < 1 || maxResults > 1000)) {
      return validation("maxResults", "Member must have value between 1 and 1000");
    }
    int size = maxResults == null ? 1000 : maxResults;
    String state = execution.state();
    if (state.equals("FAILED") || state.equals("CANCELLED")) {
      return error(FakeError.invalidRequest(
          "Query did not finish successfully. Final query state: " + state, "INVALID_INPUT"));
    }
    if (!state.equals("SUCCEEDED")) {
      return error(FakeError.invalidRequest(
          "Query has not yet finished. Current state: " + state, "INVALID_INPUT"));
    }
    QueryScript script = execution.script;
    List<List<String>> all = new ArrayList<>();
    if (script.statementType().equals("DML") && !script.columns().isEmpty()) {
      all.add(script.columns().stream().map(Column::name).toList());
    }
    all.addAll(script.rows());

    int offset = 0;
    String token = request.getString("NextToken");
    if (token != null) {
      Integer decoded = decodeToken(token, execution.id);
      if (decoded == null) {
        return error(FakeError.invalidRequest("Invalid NextToken", "INVALID_INPUT"));
      }
      offset = decoded;
    }
    int end = Math.min(all.size(), offset + size);
    JsonArray rows = new JsonArray();
    for (List<String> row : all.subList(Math.min(offset, all.size()), end)) {
      JsonArray data = new JsonArray();
      for (String value : row) {
        data.add(value == null ? new JsonObject() : new JsonObject().put("VarCharValue", value));
      }
      rows.add(new JsonObject().put("Data", data));
    }
    JsonArray columnInfo = new JsonArray();
    for (Column column : script.columns()) {
      columnInfo.add(new JsonObject()
          .put("CatalogName", "hive")
          .put("SchemaName", "")
          .put("TableName", "")
          .put("Name", column.name())
          .put("Label", column.name())
          .put("Type", column.type())
          .put("Precision", column.precision())
          .put("Scale", column.scale())
          .put("Nullable", "UNKNOWN")
          .put("CaseSensitive", column.type().equals("varchar")));
    }
    JsonObject response = new JsonObject()
        .put("UpdateCount", 0L)
        .put("ResultSet", new JsonObject()
            .put("Rows", rows)
            .put("ResultSetMetadata", new JsonObject().put("ColumnInfo", columnInfo)));
    if (end < all.size()) {
      response.put("NextToken", encodeToken(end, execution.id));
    }
    return Answer.ok(response);
  }

  private Answer stop(JsonObject request) {
    String id = request.getString("QueryExecutionId");
    Execution execution = executions.get(String.valueOf(id));
    if (execution == null) {
      return notFound(id);
    }
    synchronized (execution) {
      if (!done(execution.state)) {
        execution.state = "CANCELLED";
        execution.stopped = true;
        execution.completed = Instant.now();
      }
    }
    return Answer.ok(new JsonObject());
  }

  private Answer getWorkGroup(JsonObject request) {
    String name = request.getString("WorkGroup");
    String state = name == null ? null : workgroups.get(name);
    if (state == null) {
      return error(FakeError.invalidRequest("WorkGroup " + name + " is not found.", null));
    }
    return Answer.ok(new JsonObject().put("WorkGroup", new JsonObject()
        .put("Name", name)
        .put("State", state)
        .put("Configuration", new JsonObject()
            .put("EnforceWorkGroupConfiguration", false)
            .put("PublishCloudWatchMetricsEnabled", true)
            .put("RequesterPaysEnabled", false)
            .put("EngineVersion", new JsonObject()
                .put("SelectedEngineVersion", "AUTO")
                .put("EffectiveEngineVersion", "Athena engine version 3")))
        .put("CreationTime", epochSeconds(Instant.parse("2026-01-01T00:00:00Z")))));
  }

  /**
   * The value of a SQL literal as Athena prints it in results: {@code 'O''Brien'} is O'Brien, {@code 42} is
   * 42, {@code DATE '2024-01-31'} is 2024-01-31, {@code DECIMAL '1.50'} is 1.50. Anything that is not one
   * whole literal (text after a closing quote, an unescaped quote) is refused, as the engine would refuse it.
   */
  public static String literalText(String literal) {
    String text = literal.trim();
    java.util.regex.Matcher typed = java.util.regex.Pattern
        .compile("(?i)(DATE|DECIMAL|TIMESTAMP|DOUBLE)\\s+('.*')").matcher(text);
    if (typed.matches()) {
      text = typed.group(2);
    }
    if (text.matches("-?[0-9]+(\\.[0-9]+)?") || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return text.toLowerCase(java.util.Locale.ROOT);
    }
    if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      String inner = text.substring(1, text.length() - 1);
      if (inner.replace("''", "").contains("'")) {
        throw new IllegalArgumentException("not one literal: " + literal);
      }
      return inner.replace("''", "'");
    }
    throw new IllegalArgumentException("not a literal: " + literal);
  }

  private static Answer notFound(String id) {
    return error(FakeError.invalidRequest("QueryExecution " + id + " was not found", "INVALID_INPUT"));
  }

  private static Answer validation(String member, String constraint) {
    return error(FakeError.invalidRequest(
        "1 validation error detected: Value at '" + member + "' failed to satisfy constraint: " + constraint,
        null));
  }

  private static boolean done(String state) {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
  }

  private static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  private static String encodeToken(int offset, String executionId) {
    return Base64.getEncoder().encodeToString((executionId + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static Integer decodeToken(String token, String executionId) {
    try {
      String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = text.lastIndexOf(':');
      if (colon < 0 || !Objects.equals(text.substring(0, colon), executionId)) {
        return null;
      }
      return Integer.parseInt(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
