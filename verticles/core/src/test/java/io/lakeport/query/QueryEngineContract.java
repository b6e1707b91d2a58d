package io.lakeport.query;

import io.lakeport.testkit.AsyncAwait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static io.lakeport.query.QueryFailures.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link QueryEngine} adapter must do, the same assertions for each: a subclass per adapter
 * ({@code TrinoEngineIT} against the local Trino; the Athena adapter's against its fake Athena server)
 * supplies the engine and a way to ask the engine itself whether a query was stopped.
 *
 * <h2>The statements this contract issues, and what they must produce</h2>
 * Only these, character for character, so that a fake engine can recognise them. None reads a table.
 * <ol>
 *   <li>{@link #TYPES}: one row, 11 columns:
 *   <pre>
 *   big      bigint          9007199254740993            (Long; more than a double can hold exactly)
 *   int      integer         -42                         (Long)
 *   dbl      double          0.5                         (Double)
 *   dec      decimal(22,2)   12345678901234567890.12     (BigDecimal, scale 2; type spelled exactly so)
 *   txt      varchar...      Ñandú ünïcode 漢字 🚀 "q"   (String; type starts with varchar)
 *   flag     boolean         true                        (Boolean)
 *   day      date            2024-02-29                  (String)
 *   ts       timestamp...    2024-02-29 13:45:30.123     (String; type starts with timestamp)
 *   arr      array...        [1, 2, 3]                   (List of Long; type starts with array)
 *   rec      row...          {a=7, b=x}                  (Map a→Long 7, b→"x", in that order; type starts with row)
 *   nothing  varchar         NULL                        (null)
 *   </pre></li>
 *   <li>{@link #SEQUENCE}: one bigint column {@code x}, the 2,500 rows 1..2500 in order. Asked for in pages of
 *   at most 1,000 rows; every page non-empty, the last one without a next token. Asking again, right after
 *   the second page, with the token that answered it answers the same rows and the same next token.</li>
 *   <li>{@link #BAD_CAST}: ends FAILED; error contains {@code lakeport-not-a-number}; errorType
 *   {@link QueryStatus#USER_ERROR}; results fail with INVALID_QUERY.</li>
 *   <li>{@link #SYNTAX_ERROR}: either submit fails with INVALID_QUERY, or the query ends FAILED with
 *   {@link QueryStatus#USER_ERROR}; either way the reason mentions {@code SELEC}.</li>
 *   <li>{@link #ENDLESS}: runs far longer than any test (a count over 10^12 generated rows); it must reach
 *   RUNNING, then {@link QueryEngine#cancel} stops it: status ends CANCELLED, results fail with CANCELLED, a
 *   second cancel succeeds, and {@link #engineSaysCancelled} turns true.</li>
 *   <li>{@link #PARAMETERS} with parameters varchar {@code O'Brien'; DROP TABLE x; --}, bigint 42, decimal
 *   1234.50, date 2024-01-31: one row {@code ["O'Brien'; DROP TABLE x; --", 42, 1234.50, "2024-01-31"]}
 *   typed String, Long, BigDecimal (scale 2, column type decimal(6,2)), String (column type date).</li>
 *   <li>{@link #FILTERED} with parameter bigint 7: rows 8, 9, 10 (bigint column {@code x}).</li>
 * </ol>
 * Parameters reach the adapter as {@link SqlParameter}s; how it binds them (typed literals via
 * {@link SqlParameter#literal()}, Athena ExecutionParameters, Trino EXECUTE ... USING) is its own choice.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
public abstract class QueryEngineContract {

  public static final String TYPES = "SELECT CAST(9007199254740993 AS bigint) AS big, CAST(-42 AS integer) AS int, "
      + "CAST(0.5 AS double) AS dbl, CAST('12345678901234567890.12' AS decimal(22,2)) AS dec, "
      + "'Ñandú ünïcode 漢字 🚀 \"q\"' AS txt, true AS flag, DATE '2024-02-29' AS day, "
      + "TIMESTAMP '2024-02-29 13:45:30.123' AS ts, ARRAY[1, 2, 3] AS arr, "
      + "CAST(ROW(7, 'x') AS ROW(a bigint, b varchar)) AS rec, CAST(NULL AS varchar) AS nothing";
  public static final String SEQUENCE = "SELECT x FROM UNNEST(sequence(1, 2500)) AS t(x) ORDER BY x";
  public static final String BAD_CAST = "SELECT CAST('lakeport-not-a-number' AS bigint) AS boom";
  public static final String SYNTAX_ERROR = "SELEC 1";
  public static final String ENDLESS = "SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) "
      + "CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z)";
  public static final String PARAMETERS = "SELECT ? AS name, ? AS n, ? AS amount, ? AS day";
  public static final String FILTERED = "SELECT x FROM UNNEST(sequence(1, 10)) AS t(x) WHERE x > ? ORDER BY x";

  protected Vertx vertx;
  protected QueryEngine engine;

  /** The adapter under test, talking to its engine (real Trino, or the fake Athena server). */
  protected abstract QueryEngine createEngine(Vertx vertx);

  /** Asks the engine itself (not the adapter) whether the query was stopped by a cancel. */
  protected abstract Future<Boolean> engineSaysCancelled(String queryId);

  @BeforeEach
  void createTheEngine(Vertx vertx) {
    this.vertx = vertx;
    this.engine = createEngine(vertx);
  }

  @AfterEach
  void closeTheEngine(VertxTestContext context) {
    engine.close().onComplete(context.succeedingThenComplete());
  }

  @Test
  void typesEveryValueFromTheColumnType(VertxTestContext context) {
    engine.submit(QuerySpec.of(TYPES))
        .compose(id -> awaitEnd(id).compose(status -> {
          assertThat(status.state()).as(status.error()).isEqualTo(QueryState.SUCCEEDED);
          return engine.results(id, null, 100);
        }))
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.columns()).extracting(ResultColumn::name)
              .containsExactly("big", "int", "dbl", "dec", "txt", "flag", "day", "ts", "arr", "rec", "nothing");
          List<String> types = page.columns().stream().map(ResultColumn::type).toList();
          assertThat(types.get(0)).isEqualTo("bigint");
          assertThat(types.get(1)).isEqualTo("integer");
          assertThat(types.get(2)).isEqualTo("double");
          assertThat(types.get(3)).isEqualTo("decimal(22,2)");
          assertThat(types.get(4)).startsWith("varchar");
          assertThat(types.get(5)).isEqualTo("boolean");
          assertThat(types.get(6)).isEqualTo("date");
          assertThat(types.get(7)).startsWith("timestamp");
          assertThat(types.get(8)).startsWith("array");
          assertThat(types.get(9)).startsWith("row");
          assertThat(types.get(10)).startsWith("varchar");

          assertThat(page.rows()).hasSize(1);
          assertThat(page.nextToken()).isNull();
          List<Object> row = page.rows().getFirst();
          assertThat(row.get(0)).isInstanceOf(Long.class).isEqualTo(9007199254740993L);
          assertThat(row.get(1)).isInstanceOf(Long.class).isEqualTo(-42L);
          assertThat(row.get(2)).isInstanceOf(Double.class).isEqualTo(0.5);
          assertThat(row.get(3)).isInstanceOf(BigDecimal.class).isEqualTo(new BigDecimal("12345678901234567890.12"));
          assertThat(row.get(4)).isEqualTo("Ñandú ünïcode 漢字 🚀 \"q\"");
          assertThat(row.get(5)).isEqualTo(Boolean.TRUE);
          assertThat(row.get(6)).isEqualTo("2024-02-29");
          assertThat(row.get(7)).isEqualTo("2024-02-29 13:45:30.123");
          assertThat(row.get(8)).isEqualTo(List.of(1L, 2L, 3L));
          Map<String, Object> record = new LinkedHashMap<>();
          record.put("a", 7L);
          record.put("b", "x");
          assertThat(row.get(9)).isInstanceOf(Map.class).isEqualTo(record);
          assertThat(List.copyOf(((Map<?, ?>) row.get(9)).keySet())).isEqualTo(List.of("a", "b"));
          assertThat(row.get(10)).isNull();
          context.completeNow();
        })));
  }

  @Test
  void pagesEveryRowExactlyOnce(VertxTestContext context) {
    List<ResultPage> pages = new ArrayList<>();
    engine.submit(QuerySpec.of(SEQUENCE))
        .compose(id -> awaitEnd(id).compose(status -> {
          assertThat(status.state()).as(status.error()).isEqualTo(QueryState.SUCCEEDED);
          return engine.results(id, null, 1000);
        }).compose(first -> {
          pages.add(first);
          assertThat(first.nextToken()).isNotNull();
          return engine.results(id, first.nextToken(), 1000);
        }).compose(second -> {
          pages.add(second);
          // The page just read can be asked for again (a client retrying a lost response).
          return engine.results(id, pages.getFirst().nextToken(), 1000);
        }).compose(again -> {
          assertThat(again.rows()).isEqualTo(pages.get(1).rows());
          assertThat(again.nextToken()).isEqualTo(pages.get(1).nextToken());
          return pages.get(1).nextToken() == null ? Future.succeededFuture()
              : readPages(id, pages.get(1).nextToken(), 1000, pages);
        }))
        .onComplete(context.succeeding(v -> context.verify(() -> {
          assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
          assertThat(pages).allSatisfy(page -> assertThat(page.rows()).isNotEmpty().hasSizeLessThanOrEqualTo(1000));
          assertThat(pages.getLast().nextToken()).isNull();
          assertThat(pages.getFirst().columns()).containsExactly(new ResultColumn("x", "bigint"));
          List<Object> values = pages.stream().flatMap(page -> page.rows().stream()).map(List::getFirst).toList();
          assertThat(values).isEqualTo(LongStream.rangeClosed(1, 2500).boxed().toList());
          context.completeNow();
        })));
  }

  @Test
  void failingStatementSurfacesItsReason(VertxTestContext context) {
    engine.submit(QuerySpec.of(BAD_CAST))
        .compose(id -> awaitEnd(id).compose(status -> {
          assertThat(status.state()).isEqualTo(QueryState.FAILED);
          assertThat(status.error()).contains("lakeport-not-a-number");
          assertThat(status.errorType()).isEqualTo(QueryStatus.USER_ERROR);
          assertThat(status.userError()).isTrue();
          return engine.results(id, null, 10);
        }))
        .onComplete(failsWith(context, QueryException.Kind.INVALID_QUERY,
            e -> assertThat(e.getMessage()).contains("lakeport-not-a-number")));
  }

  @Test
  void syntaxErrorIsTheStatementsFault(VertxTestContext context) {
    engine.submit(QuerySpec.of(SYNTAX_ERROR))
        .compose(this::awaitEnd)
        .onComplete(ar -> context.verify(() -> {
          if (ar.succeeded()) {
            assertThat(ar.result().state()).isEqualTo(QueryState.FAILED);
            assertThat(ar.result().errorType()).isEqualTo(QueryStatus.USER_ERROR);
            assertThat(ar.result().error()).contains("SELEC");
          } else {
            assertThat(ar.cause()).isInstanceOf(QueryException.class);
            assertThat(((QueryException) ar.cause()).kind()).isEqualTo(QueryException.Kind.INVALID_QUERY);
            assertThat(ar.cause().getMessage()).contains("SELEC");
          }
          context.completeNow();
        }));
  }

  @Test
  void cancelStopsARunningQuery(VertxTestContext context) {
    engine.submit(QuerySpec.of(ENDLESS))
        .compose(id -> awaitStatus(id, status -> status.state() != QueryState.QUEUED)
            .compose(running -> {
              assertThat(running.state()).as(running.error()).isEqualTo(QueryState.RUNNING);
              return engine.cancel(id);
            })
            .compose(v -> awaitEnd(id))
            .compose(ended -> {
              assertThat(ended.state()).isEqualTo(QueryState.CANCELLED);
              return engine.results(id, null, 10).transform(ar -> {
                assertThat(ar.failed()).as("results of a cancelled query").isTrue();
                assertThat(ar.cause()).isInstanceOf(QueryException.class);
                assertThat(((QueryException) ar.cause()).kind()).isEqualTo(QueryException.Kind.CANCELLED);
                return engine.cancel(id);
              });
            })
            .compose(v -> awaitTrue(() -> engineSaysCancelled(id))))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  void parametersAreBoundAsTypedValues(VertxTestContext context) {
    String hostile = "O'Brien'; DROP TABLE x; --";
    QuerySpec spec = QuerySpec.of(PARAMETERS, SqlParameter.varchar(hostile), SqlParameter.bigint(42),
        SqlParameter.decimal(new BigDecimal("1234.50")), SqlParameter.date(LocalDate.of(2024, 1, 31)));
    runToFirstPage(spec)
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.columns()).extracting(ResultColumn::name).containsExactly("name", "n", "amount", "day");
          assertThat(page.columns().get(0).type()).startsWith("varchar");
          assertThat(page.columns().get(1).type()).isIn("integer", "bigint");
          assertThat(page.columns().get(2).type()).isEqualTo("decimal(6,2)");
          assertThat(page.columns().get(3).type()).isEqualTo("date");
          assertThat(page.rows()).hasSize(1);
          List<Object> row = page.rows().getFirst();
          assertThat(row.get(0)).isEqualTo(hostile);
          assertThat(row.get(1)).isInstanceOf(Long.class).isEqualTo(42L);
          assertThat(row.get(2)).isInstanceOf(BigDecimal.class).isEqualTo(new BigDecimal("1234.50"));
          assertThat(row.get(3)).isEqualTo("2024-01-31");
          context.completeNow();
        })));
  }

  @Test
  void parametersFilterRows(VertxTestContext context) {
    runToFirstPage(QuerySpec.of(FILTERED, SqlParameter.bigint(7)))
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.rows()).containsExactly(List.of(8L), List.of(9L), List.of(10L));
          context.completeNow();
        })));
  }

  // --- helpers for subclasses too ------------------------------------------------------------------------

  /** Submits, waits for SUCCEEDED and answers the first page of up to 1,000 rows. */
  protected Future<ResultPage> runToFirstPage(QuerySpec spec) {
    return engine.submit(spec).compose(id -> awaitEnd(id).compose(status -> {
      assertThat(status.state()).as(status.error()).isEqualTo(QueryState.SUCCEEDED);
      return engine.results(id, null, 1000);
    }));
  }

  /** Reads pages from {@code token} until the last one, collecting them. */
  protected Future<Void> readPages(String id, String token, int maxRows, List<ResultPage> pages) {
    return engine.results(id, token, maxRows).compose(page -> {
      pages.add(page);
      return page.nextToken() == null ? Future.succeededFuture() : readPages(id, page.nextToken(), maxRows, pages);
    });
  }

  protected Future<QueryStatus> awaitEnd(String id) {
    return awaitStatus(id, status -> status.state().done());
  }

  /** Polls the adapter's status until it matches (the test's timeout bounds the wait). */
  protected Future<QueryStatus> awaitStatus(String id, Predicate<QueryStatus> wanted) {
    return AsyncAwait.until(vertx, () -> engine.status(id), wanted);
  }

  /** Asks again until the answer is true. */
  protected Future<Void> awaitTrue(java.util.function.Supplier<Future<Boolean>> question) {
    return AsyncAwait.untilTrue(vertx, question);
  }

  protected Future<Void> pause(long millis) {
    return AsyncAwait.pause(vertx, millis);
  }
}
