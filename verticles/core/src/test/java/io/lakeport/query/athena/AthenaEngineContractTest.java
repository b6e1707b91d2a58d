package io.lakeport.query.athena;

import io.lakeport.query.QueryEngine;
import io.lakeport.query.QueryEngineContract;
import io.lakeport.query.athena.AthenaEngine.SdkRetries;
import io.lakeport.query.athena.FakeAthenaServer.Column;
import io.lakeport.query.athena.FakeAthenaServer.QueryScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The engine contract, the same assertions {@code TrinoEngineIT} makes against the local Trino, for the Athena
 * adapter through the real AWS SDK against {@link FakeAthenaServer}. The fake answers each contract statement
 * the way Athena answers it on the wire: every value as text (typed back by the adapter from the result
 * metadata), the header row on the first page of a SELECT, complex values in Athena's {@code [..]} and
 * {@code {k=v}} form, failures as FAILED executions with an AthenaError. The parameter statements answer
 * with the ExecutionParameters the adapter sent, read as SQL literals, so what comes back is what was bound.
 */
class AthenaEngineContractTest extends QueryEngineContract {

  @RegisterExtension
  static final AthenaHttpClient http = new AthenaHttpClient();
  private FakeAthenaServer fake;

  @Override
  protected QueryEngine createEngine(Vertx vertx) {
    try {
      fake = FakeAthenaServer.start(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the fake Athena server did not start", e);
    }
    fake.workgroup(AthenaEngineTest.WORKGROUP, true);
    script(fake);
    return http.engine(vertx, fake, SdkRetries.DEFAULT, AthenaEngineTest.SETTINGS);
  }

  @AfterEach
  void stopTheFake() {
    if (fake != null) {
      fake.close();
    }
  }

  @Override
  protected Future<Boolean> engineSaysCancelled(String queryId) {
    FakeAthenaServer.Execution execution = fake.execution(queryId);
    return Future.succeededFuture(execution != null && execution.stopped()
        && execution.state().equals("CANCELLED"));
  }

  /** What Athena answers for each statement of the contract. */
  private static void script(FakeAthenaServer fake) {
    fake.script(TYPES, QueryScript.select(
        List.of(Column.of("big", "bigint"), Column.of("int", "integer"), Column.of("dbl", "double"),
            Column.decimal("dec", 22, 2), Column.of("txt", "varchar"), Column.of("flag", "boolean"),
            Column.of("day", "date"), Column.of("ts", "timestamp"), Column.of("arr", "array"),
            Column.of("rec", "row"), Column.of("nothing", "varchar")),
        List.of(Arrays.asList("9007199254740993", "-42", "0.5", "12345678901234567890.12",
            "Ñandú ünïcode 漢字 🚀 \"q\"", "true", "2024-02-29", "2024-02-29 13:45:30.123", "[1, 2, 3]",
            "{a=7, b=x}", null))));

    fake.script(SEQUENCE, QueryScript.select(List.of(Column.of("x", "bigint")),
        IntStream.rangeClosed(1, 2500).mapToObj(i -> List.of(Integer.toString(i))).toList()));

    fake.script(BAD_CAST, QueryScript.failing(
        "INVALID_CAST_ARGUMENT: Cannot cast 'lakeport-not-a-number' to BIGINT", 2, 1001));

    fake.script(SYNTAX_ERROR, QueryScript.failing(
        "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'CREATE', "
            + "'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', "
            + "'PREPARE', 'RESET', 'REVOKE', 'SELECT', 'SET', 'SHOW', 'START', 'UNLOAD', 'UPDATE', 'USE', 'VALUES', "
            + "'WITH', <query>", 2, 1001));

    fake.script(ENDLESS, QueryScript.running());

    fake.script(PARAMETERS, QueryScript.select(
        List.of(Column.of("name", "varchar"), Column.of("n", "integer"), Column.decimal("amount", 6, 2),
            Column.of("day", "date")), List.of())
        .withRowsFromParameters(values -> List.of(values)));

    fake.script(FILTERED, QueryScript.select(List.of(Column.of("x", "bigint")), List.of())
        .withRowsFromParameters(values -> {
          long above = Long.parseLong(values.getFirst());
          List<List<String>> rows = new ArrayList<>();
          for (long x = 1; x <= 10; x++) {
            if (x > above) {
              rows.add(List.of(Long.toString(x)));
            }
          }
          return rows;
        }));
  }
}
