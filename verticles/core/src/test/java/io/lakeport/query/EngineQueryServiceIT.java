package io.lakeport.query;

import io.lakeport.testkit.AsyncAwait;
import io.lakeport.query.QueryException.Kind;
import io.lakeport.query.trino.LocalTrino;
import io.lakeport.query.trino.TrinoEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static io.lakeport.query.QueryEngineContract.BAD_CAST;
import static io.lakeport.query.QueryEngineContract.ENDLESS;
import static io.lakeport.query.QueryEngineContract.SEQUENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query service over the real local Trino. Behaviour only, never wall-clock: what ends in which state,
 * what Trino itself says about the queries behind it, and how many queries Trino saw.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class EngineQueryServiceIT {

  private static final QueryOptions PLAIN = new QueryOptions(Duration.ofSeconds(60), false);
  private static final QueryOptions CACHEABLE = new QueryOptions(Duration.ofSeconds(60), true);
  private static final QueryServiceSettings DEFAULTS = new QueryServiceSettings(4, 10,
      Duration.ofSeconds(60), Duration.ofSeconds(60), 10_000, 256, Duration.ofMinutes(2), Backoff.POLL,
      Backoff.THROTTLED, 3, 10_000);

  private Vertx vertx;
  private WebClient trino;
  private final List<EngineQueryService> services = new ArrayList<>();

  @BeforeAll
  static void trinoRunsQueries() {
    LocalTrino.awaitReady();
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.trino = WebClient.create(vertx);
  }

  @AfterEach
  void closeServices(VertxTestContext context) {
    Future.join(services.stream().map(EngineQueryService::close).toList())
        .onComplete(context.succeedingThenComplete());
  }

  private EngineQueryService service(QueryServiceSettings settings) {
    return service(settings, LocalTrino.settings());
  }

  private EngineQueryService service(QueryServiceSettings settings, TrinoEngine.Settings trinoSettings) {
    EngineQueryService service = new EngineQueryService(vertx, new TrinoEngine(vertx, trinoSettings), settings);
    services.add(service);
    return service;
  }

  @Test
  void submitPollAndPageEveryRow(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    List<ResultPage> pages = new ArrayList<>();
    service.submit(QuerySpec.of(SEQUENCE), PLAIN)
        .compose(submitted -> {
          assertThat(submitted.state()).isIn(QueryState.QUEUED, QueryState.RUNNING);
          assertThat(submitted.engineQueryId()).isNotNull();
          assertThat(submitted.cached()).isFalse();
          return awaitEnd(service, submitted.id());
        })
        .compose(ended -> {
          assertThat(ended.state()).as(ended.error()).isEqualTo(QueryState.SUCCEEDED);
          assertThat(ended.endedAt()).isAfterOrEqualTo(ended.submittedAt());
          assertThat(ended.stats().processedRows()).isGreaterThanOrEqualTo(0);
          return readPages(service, ended.id(), null, pages);
        })
        .onComplete(context.succeeding(v -> context.verify(() -> {
          assertThat(pages).hasSize(3);
          List<Object> values = pages.stream().flatMap(p -> p.rows().stream()).map(List::getFirst).toList();
          assertThat(values).isEqualTo(LongStream.rangeClosed(1, 2500).boxed().toList());
          context.completeNow();
        })));
  }

  /**
   * Trino's protocol only goes forward; the service's spool reads the rows ahead once the query succeeded,
   * so the status carries the total before the last page is read, and pages 1 and 2 can be read again after
   * page 3.
   */
  @Test
  void anyPageCanBeReadAgainAndTheStatusCarriesTheTotal(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    List<ResultPage> pages = new ArrayList<>();
    service.submit(QuerySpec.of("SELECT x FROM UNNEST(sequence(1, 25)) AS t(x) ORDER BY x"), PLAIN)
        .compose(submitted -> awaitExecution(service, submitted.id(),
            execution -> execution.state().done() && (execution.state() != QueryState.SUCCEEDED
                || execution.rowCount() != null)))
        .compose(done -> {
          assertThat(done.state()).as(done.error()).isEqualTo(QueryState.SUCCEEDED);
          assertThat(done.rowCount()).as("known before any page was read").isEqualTo(25L);
          return ResultPagesAgain.readAllThenAgain(service, done.id(), 10)
              .compose(read -> {
                pages.addAll(read);
                return service.execution(done.id());
              });
        })
        .onComplete(context.succeeding(status -> context.verify(() -> {
          assertThat(status.rowCount()).isEqualTo(25L);
          List<Object> values = pages.stream().flatMap(p -> p.rows().stream()).map(List::getFirst).toList();
          assertThat(values).isEqualTo(LongStream.rangeClosed(1, 25).boxed().toList());
          assertThat(pages).hasSize(3).extracting(ResultPage::nextToken).doesNotHaveDuplicates().last().isNull();
          context.completeNow();
        })));
  }

  @Test
  void queryAnswersTheFirstPageAndLetsTheEngineQueryGo(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    TrinoEngine engine = (TrinoEngine) service.engine();
    service.query(QuerySpec.of(SEQUENCE), PLAIN, 10)
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.rows()).containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L),
              List.of(6L), List.of(7L), List.of(8L), List.of(9L), List.of(10L));
          assertThat(page.nextToken()).as("more rows exist").isNotNull();
          assertThat(service.executionCount()).isZero();
          assertThat(engine.heldQueries()).isZero();
          context.completeNow();
        })));
  }

  @Test
  void failedStatementIsInvalidQueryWithTheEnginesReason(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    service.submit(QuerySpec.of(BAD_CAST), PLAIN)
        .compose(submitted -> awaitEnd(service, submitted.id()))
        .compose(ended -> {
          assertThat(ended.state()).isEqualTo(QueryState.FAILED);
          assertThat(ended.error()).contains("lakeport-not-a-number");
          return expectFailure(service.results(ended.id(), null, 10), Kind.INVALID_QUERY);
        })
        .compose(v -> expectFailure(service.query(QuerySpec.of(BAD_CAST), PLAIN, 10), Kind.INVALID_QUERY))
        .onComplete(context.succeeding(e -> context.verify(() -> {
          assertThat(e.getMessage()).contains("lakeport-not-a-number");
          context.completeNow();
        })));
  }

  @Test
  void timeoutCancelsTheEngineQuery(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    service.submit(QuerySpec.of(ENDLESS), new QueryOptions(Duration.ofSeconds(1), false))
        .compose(submitted -> awaitEnd(service, submitted.id()))
        .compose(ended -> {
          assertThat(ended.state()).isEqualTo(QueryState.FAILED);
          assertThat(ended.error()).contains("timeout");
          return expectFailure(service.results(ended.id(), null, 10), Kind.TIMEOUT)
              .compose(e -> awaitTrue(() -> LocalTrino.cancelledInTrino(trino, ended.engineQueryId())));
        })
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  void fullQueueIsOverloadedAndQueuedQueriesRunWhenASlotFrees(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS.withLimits(1, 1));
    service.submit(QuerySpec.of(ENDLESS), PLAIN).compose(running -> {
      assertThat(running.engineQueryId()).isNotNull();
      return service.submit(QuerySpec.of(SEQUENCE), PLAIN).compose(queued -> {
        assertThat(queued.state()).isEqualTo(QueryState.QUEUED);
        assertThat(queued.engineQueryId()).as("not in the engine yet").isNull();
        return expectFailure(service.submit(QuerySpec.of("SELECT 1"), PLAIN), Kind.OVERLOADED)
            .compose(e -> expectFailure(service.query(QuerySpec.of("SELECT 1"), PLAIN, 1), Kind.OVERLOADED))
            .compose(e -> service.cancel(running.id()))
            .compose(v -> awaitEnd(service, queued.id()))
            .compose(ended -> {
              assertThat(ended.state()).as(ended.error()).isEqualTo(QueryState.SUCCEEDED);
              assertThat(ended.engineQueryId()).isNotNull();
              return awaitTrue(() -> LocalTrino.cancelledInTrino(trino, running.engineQueryId()));
            });
      });
    }).onComplete(context.succeedingThenComplete());
  }

  /** Three rows carrying {@code marker}: a new marker makes a statement no cache can answer yet. */
  private static QuerySpec markedRows(String marker) {
    return QuerySpec.of("SELECT ? AS marker, x FROM UNNEST(sequence(1, 3)) AS t(x) ORDER BY x",
        SqlParameter.varchar(marker));
  }

  @Test
  void identicalCacheableQueryIsAnsweredFromTheCache(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    String marker = "cache-" + UUID.randomUUID();
    QuerySpec spec = markedRows(marker);
    List<ResultPage> firstPages = new ArrayList<>();
    service.submit(spec, CACHEABLE)
        .compose(first -> awaitEnd(service, first.id()))
        .compose(first -> readPages(service, first.id(), null, firstPages).map(first))
        .compose(first -> service.submit(spec, CACHEABLE).compose(again -> {
          assertThat(again.cached()).isTrue();
          assertThat(again.state()).isEqualTo(QueryState.SUCCEEDED);
          assertThat(again.id()).isNotEqualTo(first.id());
          assertThat(again.engineQueryId()).isEqualTo(first.engineQueryId());
          return service.results(again.id(), null, 2)
              .compose(page -> {
                assertThat(page.rows()).isEqualTo(firstPages.getFirst().rows().subList(0, 2));
                return service.results(again.id(), page.nextToken(), 2);
              })
              .compose(last -> {
                assertThat(last.rows()).containsExactly(List.of(marker, 3L));
                assertThat(last.nextToken()).isNull();
                return LocalTrino.queriesContaining(trino, marker);
              });
        }))
        .compose(seen -> {
          assertThat(seen).as("queries Trino ran for the marker").isEqualTo(1);
          // Another statement text, or the caller saying no, runs in the engine again.
          return service.submit(spec, PLAIN);
        })
        .compose(uncached -> {
          assertThat(uncached.cached()).isFalse();
          return awaitEnd(service, uncached.id());
        })
        .compose(v -> LocalTrino.queriesContaining(trino, marker))
        .onComplete(context.succeeding(seen -> context.verify(() -> {
          assertThat(seen).isEqualTo(2);
          context.completeNow();
        })));
  }

  @Test
  void aResultNotReadToTheEndIsNotCached(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    String marker = "partial-" + UUID.randomUUID();
    QuerySpec spec = markedRows(marker);
    // query() reads as far as its first page and no further (a submitted query's rows are read ahead to
    // the end, so its complete result is cached whatever pages its client reads).
    service.query(spec, CACHEABLE, 1)
        .compose(onePage -> {
          assertThat(onePage.nextToken()).as("more rows exist").isNotNull();
          return service.submit(spec, CACHEABLE);
        })
        .onComplete(context.succeeding(again -> context.verify(() -> {
          assertThat(again.cached()).isFalse();
          context.completeNow();
        })));
  }

  @Test
  void abandonedExecutionIsCancelledAndForgotten(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS.withAbandonAfter(Duration.ofMillis(500)));
    service.submit(QuerySpec.of(ENDLESS), PLAIN)
        .compose(submitted -> awaitTrue(() -> LocalTrino.cancelledInTrino(trino, submitted.engineQueryId()))
            .compose(v -> expectFailure(service.execution(submitted.id()), Kind.NOT_FOUND)))
        .onComplete(context.succeeding(e -> context.verify(() -> {
          assertThat(service.executionCount()).isZero();
          assertThat(((TrinoEngine) service.engine()).heldQueries()).isZero();
          context.completeNow();
        })));
  }

  @Test
  void cancelStopsTheEngineQuery(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    service.submit(QuerySpec.of(ENDLESS), PLAIN)
        .compose(submitted -> expectFailure(service.results(submitted.id(), null, 10), Kind.INVALID_QUERY)
            .compose(e -> {
              assertThat(e.getMessage()).contains("once it has SUCCEEDED");
              return service.cancel(submitted.id());
            })
            .compose(v -> service.execution(submitted.id()))
            .compose(cancelled -> {
              assertThat(cancelled.state()).isEqualTo(QueryState.CANCELLED);
              return expectFailure(service.results(submitted.id(), null, 10), Kind.CANCELLED);
            })
            .compose(e -> service.cancel(submitted.id()))
            .compose(v -> awaitTrue(() -> LocalTrino.cancelledInTrino(trino, submitted.engineQueryId()))))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  void unreachableEngineIsEngineUnavailableAtOnce(VertxTestContext context) {
    URI nowhere = URI.create("http://127.0.0.1:" + LocalTrino.unusedPort());
    EngineQueryService service = service(DEFAULTS, LocalTrino.settings().withUri(nowhere));
    service.ready()
        .compose(ready -> {
          assertThat(ready).isFalse();
          return expectFailure(service.submit(QuerySpec.of("SELECT 1"), PLAIN), Kind.ENGINE_UNAVAILABLE);
        })
        .compose(e -> expectFailure(service.query(QuerySpec.of("SELECT 1"), PLAIN, 1), Kind.ENGINE_UNAVAILABLE))
        .onComplete(context.succeeding(e -> context.verify(() -> {
          assertThat(e.getMessage()).contains(nowhere.toString());
          assertThat(service.executionCount()).as("a failed submit leaves nothing behind").isZero();
          context.completeNow();
        })));
  }

  /**
   * Throttling: a proxy in front of the real Trino answers the first two submits with HTTP 429, the way a
   * gateway in front of Trino does (Trino itself signals an over-full queue as QUERY_QUEUE_FULL, which needs
   * resource groups configured). The service retries the submit and the query then runs in Trino.
   */
  @Test
  void throttledSubmitIsRetried(VertxTestContext context) {
    AtomicInteger submits = new AtomicInteger();
    throttlingProxy(2, submits)
        .compose(proxy -> {
          EngineQueryService service = service(DEFAULTS, LocalTrino.settings()
              .withUri(URI.create("http://127.0.0.1:" + proxy.actualPort())));
          return service.query(QuerySpec.of(SEQUENCE), PLAIN, 5).eventually(proxy::close);
        })
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.rows()).hasSize(5);
          assertThat(submits.get()).isEqualTo(3);
          context.completeNow();
        })));
  }

  @Test
  void throttlingPastTheTimeoutIsOverloaded(VertxTestContext context) {
    AtomicInteger submits = new AtomicInteger();
    throttlingProxy(Integer.MAX_VALUE, submits)
        .compose(proxy -> {
          EngineQueryService service = service(DEFAULTS, LocalTrino.settings()
              .withUri(URI.create("http://127.0.0.1:" + proxy.actualPort())));
          return expectFailure(service.query(QuerySpec.of("SELECT 1"), new QueryOptions(Duration.ofSeconds(1), false),
              1), Kind.OVERLOADED).eventually(proxy::close);
        })
        .onComplete(context.succeeding(e -> context.verify(() -> {
          assertThat(submits.get()).isGreaterThan(1);
          context.completeNow();
        })));
  }

  @Test
  void parameterWithoutALiteralFormIsInvalidAtOnce(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    var timestamp = new SqlParameter(io.lakeport.schema.LakeType.Primitive.TIMESTAMP, "2024-01-01 00:00:00");
    expectFailure(service.submit(QuerySpec.of("SELECT ?", timestamp), PLAIN), Kind.INVALID_QUERY)
        .onComplete(context.succeeding(e -> context.verify(() -> {
          assertThat(e.getMessage()).contains("parameter 1 (timestamp)");
          assertThat(service.executionCount()).isZero();
          context.completeNow();
        })));
  }

  @Test
  void unknownExecutionIsNotFound(VertxTestContext context) {
    EngineQueryService service = service(DEFAULTS);
    expectFailure(service.execution("no-such-execution"), Kind.NOT_FOUND)
        .compose(e -> expectFailure(service.results("no-such-execution", null, 1), Kind.NOT_FOUND))
        .compose(e -> expectFailure(service.cancel("no-such-execution"), Kind.NOT_FOUND))
        .compose(e -> service.ready())
        .onComplete(context.succeeding(ready -> context.verify(() -> {
          assertThat(ready).isTrue();
          context.completeNow();
        })));
  }

  // --- helpers -------------------------------------------------------------------------------------------

  /** Answers the first {@code refusals} POST /v1/statement with 429 and passes the rest on to Trino. */
  private Future<HttpServer> throttlingProxy(int refusals, AtomicInteger submits) {
    URI target = LocalTrino.uri();
    return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (submits.incrementAndGet() <= refusals) {
        request.response().setStatusCode(429).end("Too many requests");
        return;
      }
      var forward = trino.postAbs(target.resolve(request.path()).toString());
      request.headers().names().stream().filter(name -> name.toLowerCase().startsWith("x-trino-"))
          .forEach(name -> forward.putHeader(name, request.getHeader(name)));
      forward.sendBuffer(body).onComplete(ar -> {
        if (ar.failed()) {
          request.response().setStatusCode(502).end(ar.cause().toString());
        } else {
          request.response().setStatusCode(ar.result().statusCode())
              .putHeader("Content-Type", "application/json").end(ar.result().bodyAsBuffer());
        }
      });
    })).listen(0, "127.0.0.1");
  }

  private Future<Void> readPages(QueryService service, String id, String token, List<ResultPage> pages) {
    return service.results(id, token, 1000).compose(page -> {
      pages.add(page);
      return page.nextToken() == null ? Future.succeededFuture() : readPages(service, id, page.nextToken(), pages);
    });
  }

  private Future<QueryExecution> awaitEnd(QueryService service, String id) {
    return awaitExecution(service, id, execution -> execution.state().done());
  }

  private Future<QueryExecution> awaitExecution(QueryService service, String id, Predicate<QueryExecution> wanted) {
    return AsyncAwait.until(vertx, () -> service.execution(id), wanted);
  }

  private Future<Void> awaitTrue(java.util.function.Supplier<Future<Boolean>> question) {
    return AsyncAwait.untilTrue(vertx, question);
  }

  /** Succeeds with the failure when {@code future} fails with a QueryException of {@code kind}. */
  private static Future<QueryException> expectFailure(Future<?> future, Kind kind) {
    return future.transform(ar -> {
      if (ar.succeeded()) {
        return Future.failedFuture(new AssertionError("expected a " + kind + " failure, got " + ar.result()));
      }
      if (!(ar.cause() instanceof QueryException e) || e.kind() != kind) {
        return Future.failedFuture(new AssertionError("expected a " + kind + " failure, got " + ar.cause(),
            ar.cause()));
      }
      return Future.succeededFuture(e);
    });
  }
}
