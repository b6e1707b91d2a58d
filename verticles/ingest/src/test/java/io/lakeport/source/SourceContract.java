package io.lakeport.source;

import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.lakeport.source.SourceTesting.await;
import static io.lakeport.source.SourceTesting.using;
import static io.lakeport.source.SourceTesting.awaitCondition;
import static io.lakeport.source.SourceTesting.lines;
import static io.lakeport.source.SourceTesting.readAll;
import static io.lakeport.source.SourceTesting.readUntilFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Source} must do, the same assertions for each (discovery, types, cursors and credits,
 * faults): a subclass per source ({@code MysqlSourceIT}, {@code PostgresSourceIT}, {@code MongoSourceIT})
 * supplies its database fixture and what is particular to it, and keeps the tests only its source has.
 *
 * <h2>The fixture a subclass provides</h2>
 * <ul>
 *   <li>{@link #fixture()}: a table of many column types, whose columns include {@link #expectedTypes()};
 *   a big table whose lines are far shorter than 4 KiB, fewer than 100 of them filling 4 KiB, without values
 *   the lake format must map; and a table with an ascending watermark column.</li>
 *   <li>{@link #cutCursorConnection()}: ends the one connection the source holds, from outside (the database
 *   kills the session, the network drops it); the fixture's {@code lostConnectionCause} matches what the
 *   source then reports.</li>
 *   <li>the fixture's {@code refusingEntry}: the same database, but the source cannot connect (credentials
 *   the database refuses, or nothing listening where there is no authentication).</li>
 * </ul>
 */
@ExtendWith(VertxExtension.class)
abstract class SourceContract {

  /**
   * The subclass's database as the contract sees it (see the class comment).
   *
   * @param sourceName          the source's name in the test profile; messages name it
   * @param sourceEntry         the source entry of the test profile for the database
   * @param refusingEntry       a source entry for the same database that cannot connect
   * @param tables              every table (or collection) a discovery without a list returns, in its order
   * @param typedTable          a table of many column types
   * @param typedRows           how many rows (documents) it holds
   * @param bigTable            a table of {@code bigRows} rows whose {@code bigKey} is 1..bigRows
   * @param watermarkTable      a table with an ascending {@code watermarkColumn}
   * @param lostConnectionCause a regular expression found in the message of the failure a cut connection gives
   */
  protected record Fixture(String sourceName, JsonObject sourceEntry, JsonObject refusingEntry, List<String> tables,
                           String typedTable, int typedRows, String bigTable, String bigKey, int bigRows,
                           String watermarkTable, String watermarkColumn, String lostConnectionCause) {
  }

  protected abstract Fixture fixture();

  /** Lake column name to lake type ({@code LakeType#sql}) of some columns of the typed table. */
  protected abstract Map<String, String> expectedTypes();

  /** How many rows the database itself counts in {@link Fixture#bigTable()}, asked on its own connection. */
  protected abstract long countInDatabase(Vertx vertx, String table) throws Exception;

  protected abstract void cutCursorConnection() throws Exception;

  protected Source source(Vertx vertx, int fetchSize, int chunkKib) {
    return source(vertx, fixture().sourceEntry(), fetchSize, chunkKib);
  }

  private Source source(Vertx vertx, JsonObject entry, int fetchSize, int chunkKib) {
    String name = fixture().sourceName();
    return SourceTesting.source(vertx, SourceTesting.config(name, entry, fetchSize, chunkKib), name);
  }

  /** How messages name the big table: {@code source 'x' table 'big'}. */
  private String bigTableDescription() {
    return "source '" + fixture().sourceName() + "' table '" + fixture().bigTable() + "'";
  }

  protected static TableSchema schema(Source source, String table) {
    return await(source.discover(List.of(table))).getFirst();
  }

  protected static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }

  /** Builds a map in the given key order: {@code pairs("a", "integer", "b", "varchar")}. */
  protected static Map<String, String> pairs(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void discoversEveryTableAndNamesMissingOnesInATypedFailure(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      assertThat(await(source.discover(List.of()))).extracting(TableSchema::table)
          .containsExactlyElementsOf(fixture().tables());
      assertThat(await(source.discover(List.of(fixture().bigTable(), fixture().typedTable())))).extracting(TableSchema::table)
          .containsExactly(fixture().bigTable(), fixture().typedTable());
      assertThatThrownBy(() -> await(source.discover(List.of(fixture().typedTable(), "nope", "gone"))))
          .isInstanceOf(UnknownTableException.class)
          .hasMessageContaining("source '" + fixture().sourceName() + "'").hasMessageContaining("'nope'")
          .hasMessageContaining("'gone'");
    });
  }

  @Test
  void mapsColumnTypesAndWritesEveryColumnOfTheSchemaInOrder(Vertx vertx) throws Exception {
    using(source(vertx, 100, 64), source -> {
      TableSchema schema = schema(source, fixture().typedTable());
      assertThat(schema.source()).isEqualTo(fixture().sourceName());
      Map<String, String> types = schema.columns().stream()
          .collect(Collectors.toMap(Column::lakeName, c -> c.type().sql()));
      assertThat(types).containsAllEntriesOf(expectedTypes());
    });
    readTypedTable(vertx, 2, 4);
  }

  /** What reading the typed table gave: its rows as parsed lines, and the reader's warnings. */
  protected record TypedRead(List<Map<String, Object>> rows, List<String> warnings) {

    /** The rows by the value of their {@code key} column (unique in the typed table). */
    Map<Object, Map<String, Object>> byKey(String key) {
      return rows.stream().collect(Collectors.toMap(r -> r.get(key), r -> r));
    }
  }

  /**
   * Reads the whole typed table with the given fetch and chunk sizes: as many rows as the fixture says, each
   * line with every column of the schema in the schema's order.
   */
  protected TypedRead readTypedTable(Vertx vertx, int fetchSize, int chunkKib) {
    Source source = source(vertx, fetchSize, chunkKib);
    try {
      TableSchema schema = schema(source, fixture().typedTable());
      TableReader reader = await(source.open(schema, null, null));
      List<Map<String, Object>> rows = lines(readAll(reader));
      assertThat(rows).hasSize(fixture().typedRows());
      List<String> lakeNames = schema.columns().stream().map(Column::lakeName).toList();
      assertThat(rows).allSatisfy(row -> assertThat(row.keySet()).containsExactlyElementsOf(lakeNames));
      assertThat(reader.rows()).isEqualTo(fixture().typedRows());
      List<String> warnings = reader.warnings();
      await(reader.close());
      return new TypedRead(rows, warnings);
    } finally {
      await(source.close());
    }
  }

  @Test
  void everyRowOnceInChunksOfTheConfiguredSize(Vertx vertx) throws Exception {
    using(source(vertx, 500, 4), source -> {
      TableReader reader = await(source.open(schema(source, fixture().bigTable()), null, null));
      List<Buffer> chunks = readAll(reader);
      List<Map<String, Object>> rows = lines(chunks);
      assertThat((long) rows.size()).isEqualTo(countInDatabase(vertx, fixture().bigTable())).isEqualTo(reader.rows())
          .isEqualTo(fixture().bigRows());
      BitSet keys = new BitSet();
      rows.forEach(r -> keys.set(((BigDecimal) r.get(fixture().bigKey())).intValueExact()));
      assertThat(keys.cardinality()).isEqualTo(fixture().bigRows());
      assertThat(keys.nextSetBit(0)).isEqualTo(1);
      assertThat(keys.length()).isEqualTo(fixture().bigRows() + 1);
      // Chunks are about the configured size: all but the last reach 4 KiB and exceed it by less than a line.
      assertThat(chunks.size()).isGreaterThan(10);
      for (Buffer chunk : chunks.subList(0, chunks.size() - 1)) {
        String text = chunk.toString(StandardCharsets.UTF_8);
        int lastLine = text.lastIndexOf('\n', text.length() - 2) + 1;
        assertThat(chunk.length()).isGreaterThanOrEqualTo(4096);
        assertThat(text.substring(0, lastLine).getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
      }
      assertThat(reader.maxWatermark()).isNull();
      assertThat(reader.warnings()).isEmpty();
    });
  }

  /**
   * Credits are the reader's demand: before any, the cursor is paused and nothing is read; one credit gives
   * one chunk, after which the cursor is paused again holding no more than that chunk's rows.
   */
  @Test
  void withoutCreditsNothingIsReadAndTheCursorPausesWhenTheyRunOut(Vertx vertx) throws Exception {
    int fetchSize = 100;
    using(source(vertx, fetchSize, 4), source -> {
      ChunkedReader<?> reader = (ChunkedReader<?>) await(source.open(schema(source, fixture().bigTable()), null, null));
      List<Buffer> received = attachWithoutCredits(reader);
      long rowsInChunk = oneChunkForOneCredit(reader, received);
      // The cursor handed over exactly the rows of that chunk; the rest of the fetch waits in the client.
      assertThat(reader.received()).isLessThan(fetchSize);

      // The rest, on demand, to the last row.
      List<Buffer> rest = readAll(reader);
      assertThat(lines(received).size() + lines(rest).size()).isEqualTo(fixture().bigRows());
      assertThat(reader.rows()).isEqualTo(fixture().bigRows());
    });
  }

  /** Sets a handler on a reader no credit was given to yet: the cursor is paused and nothing was read. */
  protected static List<Buffer> attachWithoutCredits(ChunkedReader<?> reader) {
    List<Buffer> received = Collections.synchronizedList(new ArrayList<>());
    reader.handler(received::add);
    assertThat(reader.cursorPaused()).isTrue();
    assertThat(received).isEmpty();
    assertThat(reader.received()).isZero();
    return received;
  }

  /**
   * Gives one credit and waits for its chunk and the cursor pausing again: exactly one chunk arrived, and the
   * cursor handed over exactly its rows. Returns how many rows that chunk holds.
   */
  protected static long oneChunkForOneCredit(ChunkedReader<?> reader, List<Buffer> received) throws Exception {
    reader.fetch(1);
    awaitCondition("one chunk for the one credit, then the cursor paused",
        () -> received.size() == 1 && reader.cursorPaused());
    assertThat(received).hasSize(1);
    long rowsInChunk = received.getFirst().toString().split("\n").length;
    assertThat(reader.rows()).isEqualTo(rowsInChunk);
    assertThat(reader.received()).isEqualTo(rowsInChunk);
    return rowsInChunk;
  }

  @Test
  void readsNothingPastTheHighestWatermarkAndRefusesAnUnknownColumn(Vertx vertx) throws Exception {
    using(source(vertx, 2, 4), source -> {
      TableSchema schema = schema(source, fixture().watermarkTable());
      TableReader all = await(source.open(schema, fixture().watermarkColumn(), null));
      assertThat(readAll(all)).isNotEmpty();
      assertThat(all.maxWatermark()).isNotNull();

      TableReader none = await(source.open(schema, fixture().watermarkColumn(), all.maxWatermark()));
      assertThat(readAll(none)).isEmpty();
      assertThat(none.rows()).isZero();
      assertThat(none.maxWatermark()).isNull();

      assertThatThrownBy(() -> await(source.open(schema, "nope", null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("watermark column 'nope' does not exist")
          .hasMessageContaining("table '" + fixture().watermarkTable() + "'");
    });
  }

  @Test
  void aLostConnectionFailsTheStreamNamingTheTable(Vertx vertx) throws Exception {
    Source discovering = source(vertx, 100, 4);
    TableSchema schema = schema(discovering, fixture().bigTable());
    await(discovering.close());
    using(source(vertx, 100, 4), source -> {
      TableReader reader = await(source.open(schema, null, null));
      List<Buffer> received = Collections.synchronizedList(new ArrayList<>());
      reader.handler(received::add);
      reader.fetch(1);
      awaitCondition("the first chunk of " + fixture().bigTable(), () -> !received.isEmpty());
      cutCursorConnection();
      Throwable failure = readUntilFailure(reader);
      assertThat(failure).isInstanceOf(SourceReadException.class)
          .hasMessageStartingWith(bigTableDescription() + ": read failed: ")
          .hasMessageFindingMatch(fixture().lostConnectionCause());
      assertThat(reader.rows()).isLessThan(fixture().bigRows());
      await(reader.close());
    });
  }

  @Test
  void aRefusedConnectionIsATypedFailureNamingTheTable(Vertx vertx) {
    Source discovering = source(vertx, 100, 4);
    TableSchema schema = schema(discovering, fixture().bigTable());
    await(discovering.close());
    Source refused = source(vertx, fixture().refusingEntry(), 100, 4);
    try {
      Throwable failure;
      try {
        // A source may fail the open or, when it connects lazily, the stream.
        failure = readUntilFailure(await(refused.open(schema, null, null)));
      } catch (RuntimeException e) {
        failure = e;
      }
      assertThat(failure).isInstanceOf(SourceReadException.class)
          .hasMessageStartingWith(bigTableDescription() + ": ");
    } finally {
      await(refused.close());
    }
  }
}
