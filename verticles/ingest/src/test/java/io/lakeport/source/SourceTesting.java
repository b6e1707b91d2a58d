package io.lakeport.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lakeport.config.LakeportConfig;
import io.lakeport.lake.ValueWriters;
import io.lakeport.testkit.ScratchDatabase;
import io.lakeport.testkit.SqlServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers the source tests share: configuration, awaiting on the test thread, reading and parsing lines. */
final class SourceTesting {

  private SourceTesting() {
  }

  /** A validated profile with one source, the way the application builds it. */
  static LakeportConfig config(String name, JsonObject source, int fetchSize, int chunkKib) {
    JsonObject json = new JsonObject()
        .put("groups", new JsonArray().add("ingest"))
        .put("ingest", new JsonObject().put("fetchSize", fetchSize).put("chunkKib", chunkKib))
        .put("sources", new JsonObject().put(name, new JsonObject().put("format", "jsonl").mergeIn(source.copy())
            .put("bucket", "raw-" + name)));
    return LakeportConfig.from(json, "test");
  }

  static Source source(io.vertx.core.Vertx vertx, LakeportConfig config, String name) {
    return Sources.create(vertx, config.source(name), config.ingest());
  }

  /** What a test does with an open source. */
  interface WithSource {
    void accept(Source source) throws Exception;
  }

  /** Runs {@code test} on {@code source} and closes the source after it, whatever the outcome. */
  static void using(Source source, WithSource test) throws Exception {
    try {
      test.accept(source);
    } finally {
      await(source.close());
    }
  }

  /** Blocks the test thread (never an event loop) until the future completes; 2 minutes guard a hang. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(2, TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within 2 minutes", e);
    }
  }

  /**
   * Waits on the test thread until {@code condition} holds, checking every 20 ms; fails after 2 minutes
   * naming what was awaited. For states that come about by themselves (a chunk arriving, a session ending).
   */
  static void awaitCondition(String awaited, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 2 minutes: " + awaited);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + awaited, e);
      }
    }
  }

  /** Reads a reader to its end, one chunk of demand at a time, as the event-bus transfer will. */
  static List<Buffer> readAll(TableReader reader) {
    Promise<List<Buffer>> done = Promise.promise();
    List<Buffer> chunks = new ArrayList<>();
    reader.exceptionHandler(done::tryFail);
    reader.endHandler(v -> done.tryComplete(chunks));
    reader.handler(chunk -> {
      chunks.add(chunk);
      reader.fetch(1);
    });
    reader.fetch(1);
    return await(done.future());
  }

  /** Reads until the stream fails and returns the failure; fails the test if it ends normally. */
  static Throwable readUntilFailure(TableReader reader) {
    Promise<Throwable> failed = Promise.promise();
    reader.exceptionHandler(failed::tryComplete);
    reader.endHandler(v -> failed.tryFail(new AssertionError("the stream ended normally")));
    reader.handler(chunk -> reader.fetch(1));
    reader.fetch(1);
    return await(failed.future());
  }

  /**
   * Every line of every chunk, parsed strictly (no NaN tokens, no trailing garbage) into maps whose numbers
   * are BigDecimal built from the number's own text, so a test sees 1.50 as written.
   */
  static List<Map<String, Object>> lines(List<Buffer> chunks) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Buffer chunk : chunks) {
      String text = chunk.toString(StandardCharsets.UTF_8);
      assertThat(text).endsWith("\n");
      for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
        out.add(parseLine(line));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parseLine(String line) {
    try (JsonParser p = ValueWriters.JSON.createParser(line)) {
      Object value = read(p, p.nextToken());
      if (p.nextToken() != null) {
        throw new AssertionError("more than one JSON value in line: " + line);
      }
      return (Map<String, Object>) value;
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON line: " + line, e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          if (map.containsKey(name)) {
            throw new AssertionError("duplicate key " + name);
          }
          map.put(name, read(p, p.nextToken()));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(read(p, next));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new BigDecimal(p.getText());
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new AssertionError("unexpected token " + t);
    };
  }

  /** The raw text of each line, to compare two sources byte for byte. */
  static List<String> rawLines(List<Buffer> chunks) {
    List<String> out = new ArrayList<>();
    for (Buffer chunk : chunks) {
      String text = chunk.toString(StandardCharsets.UTF_8);
      for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
        out.add(line);
      }
    }
    return out;
  }

  /** A map in the given key order that, unlike Map.of, takes null values: {@code row("a", 1, "b", null)}. */
  static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** The first column of every row of a query in a scratch database (JDBC, test thread). */
  static List<Object> column(ScratchDatabase db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.server().user(), db.server().password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Object> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getObject(1));
      }
      return out;
    }
  }

  static long count(ScratchDatabase db, String table) throws SQLException {
    String quoted = db.server().kind() == SqlServer.Kind.POSTGRESQL ? "\"" + table + "\"" : "`" + table + "`";
    return ((Number) column(db, "SELECT count(*) FROM " + quoted).getFirst()).longValue();
  }

  /**
   * Terminates the one backend of a PostgreSQL scratch database that a source with {@code applicationName}
   * holds, as an administrator would; fails the test if it holds another number of them.
   */
  static void terminateTheBackendOf(ScratchDatabase db, String applicationName) throws SQLException {
    List<Object> pids = column(db, "SELECT pid FROM pg_stat_activity WHERE datname = '" + db.name()
        + "' AND application_name = '" + applicationName + "' AND pid <> pg_backend_pid()");
    assertThat(pids).hasSize(1);
    column(db, "SELECT pg_terminate_backend(" + pids.getFirst() + ")");
  }

  /** A source entry of a profile for a scratch database on the local PostgreSQL or MariaDB. */
  static JsonObject sqlSource(ScratchDatabase db) {
    SqlServer server = db.server();
    return new JsonObject().put("kind", server.kind() == SqlServer.Kind.POSTGRESQL ? "postgresql" : "mysql")
        .put("host", server.host()).put("port", server.port()).put("database", db.name())
        .put("user", server.user()).put("password", server.password());
  }
}
