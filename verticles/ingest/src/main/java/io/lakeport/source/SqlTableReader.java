package io.lakeport.source;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.lake.ValueWarnings;
import io.lakeport.lake.ValueWriter;
import io.lakeport.lake.ValueWriters;
import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link TableReader} over a Vert.x SQL client cursor ({@link RowStream} of a prepared statement): the
 * MySQL/MariaDB and PostgreSQL sources. The connection is held for the reader's life and released on end,
 * failure or close; a lost connection fails the stream.
 */
final class SqlTableReader extends ChunkedReader<Row> {

  /**
   * One lake column: the select-list position of its value, and for PostgreSQL arrays the position of
   * {@code array_ndims(...)} (-1 otherwise), since the client hands out null for arrays of more than one
   * dimension and the reader must say so.
   */
  record Field(String lakeName, ValueWriter writer, int index, int dimsIndex) {
  }

  private final List<Field> fields;
  private final int watermarkIndex;
  private final Function<Object, String> watermarkText;
  private final SqlConnection connection;
  private final Transaction transaction;
  private PreparedStatement statement;
  private RowStream<Row> stream;

  private SqlTableReader(Context context, String description, ValueWarnings warnings, int chunkBytes, List<Field> fields,
                 int watermarkIndex, Function<Object, String> watermarkText, SqlConnection connection,
                 Transaction transaction) {
    super(context, description, warnings, chunkBytes);
    this.fields = List.copyOf(fields);
    this.watermarkIndex = watermarkIndex;
    this.watermarkText = watermarkText;
    this.connection = connection;
    this.transaction = transaction;
    connection.exceptionHandler(this::fail);
    connection.closeHandler(v -> fail(new IllegalStateException("the database connection was closed")));
  }

  /**
   * Opens a cursor over one range of {@code table} (see {@link Source#open}) on a connection of {@code pool}
   * that {@code dialect} has set up and {@code join} has then prepared (a snapshot the ranges of one read share;
   * nothing to do for a read by one cursor); nothing is emitted before demand. The reader lives on the caller's
   * context.
   *
   * @param range       the range's predicate ({@link ReadRanges}), null for the whole table
   * @param description how messages name what this cursor reads
   * @param warnings    where the column writers report mapped values (shared by the ranges of one read)
   */
  static Future<SqlTableReader> open(SqlPool sql, SqlDialect dialect, TableSchema table, Column watermark,
                                     String watermarkAfter, String range, String description, ValueWarnings warnings,
                                     Function<SqlConnection, Future<Void>> join) {
    Context context = sql.vertx().getOrCreateContext();
    return Contexts.on(context, () -> {
      SqlSelect select = new SqlSelect(dialect.quote());
      List<Field> fields = new ArrayList<>();
      int watermarkIndex = -1;
      for (Column column : table.columns()) {
        String ref = select.ref(column);
        int index = select.add(dialect.selectExpression().apply(ref, column));
        String dimensions = dialect.dimensionsExpression().apply(ref, column);
        fields.add(new Field(column.lakeName(), ValueWriters.forType(column.type(), column.lakeName(), warnings), index,
            dimensions == null ? -1 : select.add(dimensions)));
        if (column == watermark) {
          watermarkIndex = index;
        }
      }
      Tuple params = Tuple.tuple();
      String bound = null;
      if (watermark != null && watermarkAfter != null) {
        bound = dialect.watermarkBound().apply(watermark);
        params.addValue(dialect.watermarkParameter().apply(watermark, watermarkAfter));
      }
      String statement = select.sql(table.table(), watermark, bound, range);
      int wmIndex = watermarkIndex;
      IngestConfig ingest = sql.ingest();
      return sql.connect(description).compose(conn -> dialect.prepare().apply(conn)
          .compose(tx -> join.apply(conn).map(tx))
          .recover(e -> conn.close().transform(v -> Future.failedFuture(e)))
          .compose(tx -> new SqlTableReader(context, description, warnings, ingest.chunkBytes(), fields, wmIndex,
              value -> dialect.watermarkText().apply(value, watermark), conn, tx)
              .open(statement, params, ingest.fetchSize())));
    });
  }

  /** Opens the cursor with {@code fetchSize} rows per fetch; nothing is emitted before demand. */
  private Future<SqlTableReader> open(String sql, Tuple params, int fetchSize) {
    return connection.prepare(sql).map(ps -> {
      statement = ps;
      stream = ps.createStream(fetchSize, params);
      start(stream);
      return this;
    }).recover(e -> close().transform(v -> Future.failedFuture(
        new SourceReadException(description + ": cannot open a cursor: " + SourceReadException.describe(e), e))));
  }

  @Override
  protected void writeFields(JsonGenerator out, Row row) throws IOException {
    for (Field field : fields) {
      out.writeFieldName(field.lakeName());
      Object value = row.getValue(field.index());
      if (value == null) {
        if (field.dimsIndex() >= 0 && row.getValue(field.dimsIndex()) instanceof Number dims && dims.intValue() > 1) {
          warnings.add(field.lakeName(), "array of " + dims + " dimensions written as null (only 1 is supported)",
              "array_ndims=" + dims);
        }
        out.writeNull();
      } else {
        field.writer().write(out, value);
      }
    }
  }

  @Override
  protected Object watermarkOf(Row row) {
    return watermarkIndex < 0 ? null : row.getValue(watermarkIndex);
  }

  @Override
  protected String watermarkText(Object value) {
    return watermarkText.apply(value);
  }

  @Override
  protected Future<Void> releaseResources() {
    Future<Void> f = Future.succeededFuture();
    if (stream != null) {
      RowStream<Row> s = stream;
      f = f.compose(v -> s.close()).recover(e -> Future.succeededFuture());
    }
    if (statement != null) {
      PreparedStatement ps = statement;
      f = f.compose(v -> ps.close()).recover(e -> Future.succeededFuture());
    }
    // Read-only work: nothing to keep, and a rollback also ends a transaction a failure aborted. Without a
    // client transaction a ROLLBACK still ends one begun by statement (a range's consistent snapshot), so the
    // connection goes back to the pool without it.
    f = f.compose(v -> transaction != null ? transaction.rollback() : connection.query("ROLLBACK").execute().mapEmpty())
        .recover(e -> Future.succeededFuture());
    return f.compose(v -> connection.close()).recover(e -> Future.succeededFuture());
  }
}
