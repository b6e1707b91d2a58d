package io.lakeport.query.athena;

import io.lakeport.config.LakeportConfig.EngineConfig;
import io.lakeport.query.QueryEngine;
import io.lakeport.query.QueryException;
import io.lakeport.query.QuerySpec;
import io.lakeport.query.QueryState;
import io.lakeport.query.QueryStats;
import io.lakeport.query.QueryStatus;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.lakeport.query.SqlParameter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.athena.AthenaAsyncClient;
import software.amazon.awssdk.services.athena.AthenaAsyncClientBuilder;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StatementType;
import software.amazon.awssdk.services.athena.model.WorkGroupState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link QueryEngine} over Amazon Athena's API through {@link AthenaAsyncClient}: StartQueryExecution,
 * GetQueryExecution, GetQueryResults (paged with NextToken) and StopQueryExecution. Every value Athena
 * returns is text; {@link AthenaValues} types it from the result metadata. How each API field is used is
 * in docs/athena.md.
 *
 * <p>The engine owns the client it is given and closes it in {@link #close()}. SDK calls complete on SDK
 * threads; every future this class returns completes on the Vert.x context of its caller.
 */
public final class AthenaEngine implements QueryEngine {

  /** Athena refuses MaxResults above 1000 on GetQueryResults. */
  public static final int MAX_PAGE_ROWS = 1000;

  /** Athena's ClientRequestToken must be 32 to 128 characters long. */
  static final int TOKEN_MIN = 32;
  static final int TOKEN_MAX = 128;

  /** How many statement types {@link #results} remembers from {@link #status} calls. */
  private static final int STATEMENT_TYPES_REMEMBERED = 4096;

  /**
   * What every query is started with.
   *
   * @param workgroup                 the Athena workgroup (its settings may override the output location)
   * @param database                  the Glue database unqualified table names resolve in
   * @param outputLocation            s3:// prefix for result files; null leaves it to the workgroup
   * @param resultReuseMaxAgeMinutes  above 0, Athena may answer with an earlier identical query's result
   *                                  up to this age (ResultReuseConfiguration); 0 turns reuse off. The
   *                                  port does not say which queries are cacheable, so this applies to
   *                                  every query this engine starts.
   */
  public record Settings(String workgroup, String database, String outputLocation, int resultReuseMaxAgeMinutes) {
    public Settings {
      Objects.requireNonNull(workgroup, "workgroup");
      Objects.requireNonNull(database, "database");
      if (resultReuseMaxAgeMinutes < 0) {
        throw new IllegalArgumentException("resultReuseMaxAgeMinutes must be 0 (off) or more");
      }
    }

    public static Settings from(EngineConfig config) {
      return new Settings(config.workgroup(), config.schema(), config.outputLocation(), 0);
    }
  }

  /**
   * The SDK's own retries, kept short and bounded: they absorb a dropped connection or a short burst of
   * throttling, and anything longer reaches the query service as {@link QueryException.Kind#OVERLOADED} (throttling)
   * or {@link QueryException.Kind#ENGINE_UNAVAILABLE}, whose backoff and limits govern.
   *
   * @param maxAttempts         attempts per API call including the first (1 turns SDK retries off)
   * @param baseDelay           exponential backoff base for transient errors (full jitter)
   * @param throttlingBaseDelay exponential backoff base for throttling errors (full jitter)
   * @param maxBackoff          ceiling of one backoff delay
   */
  public record SdkRetries(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff) {
    public static final SdkRetries DEFAULT =
        new SdkRetries(3, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5));

    public SdkRetries {
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be within 1..10, got " + maxAttempts);
      }
    }
  }

  private final Vertx vertx;
  private final AthenaAsyncClient client;
  private final Settings settings;
  private final Map<String, StatementType> statementTypes = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StatementType> eldest) {
          return size() > STATEMENT_TYPES_REMEMBERED;
        }
      });

  public AthenaEngine(Vertx vertx, AthenaAsyncClient client, Settings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The engine for a profile: credentials from the default provider chain (IAM role, AWS_PROFILE, env). */
  public static AthenaEngine create(Vertx vertx, EngineConfig config) {
    AthenaAsyncClient client = clientBuilder(config, SdkRetries.DEFAULT)
        .httpClientBuilder(httpClientBuilder(config))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .build();
    return new AthenaEngine(vertx, client, Settings.from(config));
  }

  /**
   * A client builder with the region, the endpoint override (a local fake or a VPC endpoint) and bounded
   * SDK retries of the profile; the HTTP client ({@link #httpClientBuilder}) and credentials are left to
   * the caller.
   */
  public static AthenaAsyncClientBuilder clientBuilder(EngineConfig config, SdkRetries retries) {
    AthenaAsyncClientBuilder builder = AthenaAsyncClient.builder()
        .region(Region.of(config.athenaRegion()))
        .overrideConfiguration(o -> o
            .apiCallAttemptTimeout(Duration.ofSeconds(60))
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(retries.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(retries.baseDelay(), retries.maxBackoff()))
                .throttlingBackoffStrategy(
                    BackoffStrategy.exponentialDelay(retries.throttlingBaseDelay(), retries.maxBackoff()))
                .build()));
    if (config.athenaEndpoint() != null) {
      builder.endpointOverride(config.athenaEndpoint());
    }
    return builder;
  }

  /**
   * The Netty HTTP client: enough connections for the query service's concurrency (each query polls and
   * pages on its own), short connect timeout so an unreachable endpoint shows quickly.
   */
  public static NettyNioAsyncHttpClient.Builder httpClientBuilder(EngineConfig config) {
    return NettyNioAsyncHttpClient.builder()
        .maxConcurrency(Math.max(16, config.maxConcurrent() * 4))
        .connectionTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(60));
  }

  @Override
  public String name() {
    return "athena";
  }

  @Override
  public Future<String> submit(QuerySpec spec) {
    StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
        .queryString(spec.sql())
        .workGroup(settings.workgroup())
        .clientRequestToken(clientRequestToken(spec.clientRequestToken()))
        .queryExecutionContext(c -> c.database(settings.database()));
    if (!spec.parameters().isEmpty()) {
      // Athena binds ExecutionParameters as SQL literal text, in order, to the statement's ? placeholders.
      request.executionParameters(spec.parameters().stream().map(SqlParameter::literal).toList());
    }
    if (settings.outputLocation() != null) {
      request.resultConfiguration(r -> r.outputLocation(settings.outputLocation()));
    }
    if (settings.resultReuseMaxAgeMinutes() > 0) {
      request.resultReuseConfiguration(r -> r.resultReuseByAgeConfiguration(a -> a
          .enabled(true).maxAgeInMinutes(settings.resultReuseMaxAgeMinutes())));
    }
    return call(() -> client.startQueryExecution(request.build()), "start the query")
        .map(response -> response.queryExecutionId());
  }

  @Override
  public Future<QueryStatus> status(String queryId) {
    return execution(queryId).map(AthenaEngine::toStatus);
  }

  @Override
  public Future<ResultPage> results(String queryId, String pageToken, int maxRows) {
    if (maxRows < 1) {
      return Future.failedFuture(new QueryException(QueryException.Kind.INVALID_QUERY,
          "maxRows must be at least 1, got " + maxRows));
    }
    if (pageToken != null) {
      return page(queryId, pageToken, Math.min(maxRows, MAX_PAGE_ROWS), false);
    }
    // Only the first page of a SELECT-like (DML) statement starts with a header row of column labels;
    // SHOW, DESCRIBE and other DDL/utility results do not. The statement type tells which.
    StatementType known = statementTypes.get(queryId);
    Future<StatementType> type = known != null
        ? Future.succeededFuture(known)
        : execution(queryId).map(e -> statementTypeOf(e));
    return type.compose(t -> {
      boolean header = t == StatementType.DML;
      // Ask for one row more when the header takes a place, so the caller gets maxRows rows (up to the cap).
      int ask = Math.min(MAX_PAGE_ROWS, header ? maxRows + 1 : maxRows);
      return page(queryId, null, ask, header);
    });
  }

  @Override
  public Future<Void> cancel(String queryId) {
    // Athena answers StopQueryExecution with success for a query that has already ended.
    statementTypes.remove(queryId);
    return call(() -> client.stopQueryExecution(r -> r.queryExecutionId(queryId)), "stop query " + queryId)
        .mapEmpty();
  }

  /**
   * Forgets what this adapter remembers about the query (its statement type); never fails. It does not
   * stop the query: an Athena query ends on its own, and the query service cancels abandoned ones first.
   */
  @Override
  public Future<Void> release(String queryId) {
    statementTypes.remove(queryId);
    return Future.succeededFuture();
  }

  /**
   * Whether Athena answers with these credentials and the workgroup exists and is enabled: GetWorkGroup,
   * which costs no query and counts against no query quota (the port's default would start one). Never
   * fails; answers false instead.
   */
  @Override
  public Future<Boolean> ready() {
    return call(() -> client.getWorkGroup(r -> r.workGroup(settings.workgroup())), "read the workgroup")
        .map(response -> response.workGroup() != null && response.workGroup().state() == WorkGroupState.ENABLED)
        .otherwise(false);
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      client.close();
      return null;
    });
  }

  private Future<QueryExecution> execution(String queryId) {
    return call(() -> client.getQueryExecution(r -> r.queryExecutionId(queryId)), "read query " + queryId)
        .map(response -> {
          QueryExecution execution = response.queryExecution();
          StatementType type = statementTypeOf(execution);
          if (type != null) {
            statementTypes.put(queryId, type);
          }
          return execution;
        });
  }

  private Future<ResultPage> page(String queryId, String pageToken, int ask, boolean headerExpected) {
    return call(() -> client.getQueryResults(r -> r.queryExecutionId(queryId).nextToken(pageToken).maxResults(ask)),
        "read results of query " + queryId)
        .map(response -> toPage(response, headerExpected))
        .recover(e -> e instanceof QueryException refused && refused.kind() == QueryException.Kind.INVALID_QUERY
            ? whyNoResults(queryId, refused) : Future.failedFuture(e));
  }

  /**
   * Athena refuses GetQueryResults with InvalidRequestException for a query that did not succeed; its state
   * says why, in the terms every adapter uses: CANCELLED, the failure's reason (INVALID_QUERY when the
   * statement was at fault, ENGINE_FAILED otherwise), or not finished yet.
   */
  private Future<ResultPage> whyNoResults(String queryId, QueryException refused) {
    return status(queryId).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(refused);
      }
      QueryStatus status = ar.result();
      return Future.failedFuture(switch (status.state()) {
        case CANCELLED -> new QueryException(QueryException.Kind.CANCELLED,
            "query " + queryId + " was cancelled" + (status.error() == null ? "" : ": " + status.error()), refused);
        case FAILED -> new QueryException(status.userError()
            ? QueryException.Kind.INVALID_QUERY : QueryException.Kind.ENGINE_FAILED,
            "query " + queryId + " failed: " + status.error(), refused);
        case QUEUED, RUNNING -> new QueryException(QueryException.Kind.INVALID_QUERY,
            "query " + queryId + " has not finished yet (" + status.state() + ")", refused);
        case SUCCEEDED -> refused;
      });
    });
  }

  private static ResultPage toPage(GetQueryResultsResponse response, boolean headerExpected) {
    List<ColumnInfo> info = response.resultSet().resultSetMetadata() == null
        ? List.of() : response.resultSet().resultSetMetadata().columnInfo();
    List<ResultColumn> columns = info.stream().map(AthenaValues::column).toList();
    List<Row> rows = response.resultSet().rows();
    int first = headerExpected && !rows.isEmpty() && isHeader(rows.getFirst(), info) ? 1 : 0;
    List<List<Object>> values = new ArrayList<>(rows.size() - first);
    for (Row row : rows.subList(first, rows.size())) {
      List<Datum> data = row.data();
      List<Object> typed = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        String text = i < data.size() ? data.get(i).varCharValue() : null;
        typed.add(AthenaValues.value(columns.get(i).type(), text));
      }
      values.add(Collections.unmodifiableList(typed));
    }
    return new ResultPage(columns, values, response.nextToken());
  }

  /** The header row repeats each column's label (its name as written in the SELECT list). */
  private static boolean isHeader(Row row, List<ColumnInfo> info) {
    if (row.data().size() != info.size()) {
      return false;
    }
    for (int i = 0; i < info.size(); i++) {
      String text = row.data().get(i).varCharValue();
      ColumnInfo column = info.get(i);
      String label = column.label() != null ? column.label() : column.name();
      if (!Objects.equals(text, label) && !Objects.equals(text, column.name())) {
        return false;
      }
    }
    return true;
  }

  private static StatementType statementTypeOf(QueryExecution execution) {
    StatementType type = execution.statementType();
    return type == null || type == StatementType.UNKNOWN_TO_SDK_VERSION ? null : type;
  }

  static QueryStatus toStatus(QueryExecution execution) {
    QueryExecutionStatus status = execution.status();
    QueryState state = switch (status.state()) {
      case QUEUED -> QueryState.QUEUED;
      case RUNNING -> QueryState.RUNNING;
      case SUCCEEDED -> QueryState.SUCCEEDED;
      case FAILED -> QueryState.FAILED;
      case CANCELLED -> QueryState.CANCELLED;
      case null, default -> throw new QueryException(QueryException.Kind.ENGINE_FAILED,
          "Athena reported query " + execution.queryExecutionId() + " in state " + status.stateAsString()
              + ", which this version does not know");
    };
    String error = null;
    String errorType = null;
    if (state == QueryState.FAILED || state == QueryState.CANCELLED) {
      AthenaError athenaError = status.athenaError();
      error = status.stateChangeReason() != null ? status.stateChangeReason()
          : athenaError != null ? athenaError.errorMessage() : null;
      errorType = athenaError != null ? errorType(athenaError) : null;
      if (state == QueryState.FAILED && error == null) {
        error = "Athena reported the query as failed without a reason";
      }
    }
    return new QueryStatus(execution.queryExecutionId(), state, error, errorType, stats(execution.statistics()));
  }

  /**
   * Athena's error category as an error type: 2 (USER: syntax, unknown table, bad cast) is
   * {@link QueryStatus#USER_ERROR}, the name Trino gives the same class, so the query service reads both engines
   * alike; 1 (SYSTEM) and 3 (OTHER) are SYSTEM_ERROR and OTHER_ERROR. Athena's finer numeric ErrorType
   * is not kept: its reason text says more.
   */
  static String errorType(AthenaError error) {
    return switch (error.errorCategory() == null ? 0 : error.errorCategory()) {
      case 1 -> "SYSTEM_ERROR";
      case 2 -> QueryStatus.USER_ERROR;
      case 3 -> "OTHER_ERROR";
      default -> null;
    };
  }

  private static QueryStats stats(QueryExecutionStatistics statistics) {
    if (statistics == null) {
      return QueryStats.UNKNOWN;
    }
    // Athena does not report how many rows a query read; it reports bytes scanned (what it bills).
    return new QueryStats(orUnknown(statistics.queryQueueTimeInMillis()),
        orUnknown(statistics.engineExecutionTimeInMillis()), -1,
        orUnknown(statistics.dataScannedInBytes()));
  }

  private static long orUnknown(Long value) {
    return value == null ? -1 : value;
  }

  /**
   * The idempotency token sent with StartQueryExecution. Athena wants 32 to 128 characters and returns the
   * same execution for a repeated token with the same request, so a retried submit never runs twice. A
   * caller's token that does not fit is hashed (the same token always gives the same result); without one
   * a random token still makes the SDK's own retries of this submit idempotent.
   */
  static String clientRequestToken(String requested) {
    if (requested == null || requested.isBlank()) {
      return UUID.randomUUID().toString();
    }
    if (requested.length() >= TOKEN_MIN && requested.length() <= TOKEN_MAX) {
      return requested;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(requested.getBytes(StandardCharsets.UTF_8));
      return "lakeport-" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Runs one SDK call and answers on the caller's Vert.x context, with SDK failures translated by
   * {@link AthenaErrors}.
   */
  private <T> Future<T> call(Supplier<CompletableFuture<T>> sdkCall, String what) {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<T> started;
    try {
      started = sdkCall.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(AthenaErrors.translate(e, what));
    }
    return Future.fromCompletionStage(started, context)
        .recover(e -> Future.failedFuture(AthenaErrors.translate(e, what)));
  }
}
