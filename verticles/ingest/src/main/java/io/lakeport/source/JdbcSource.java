package io.lakeport.source;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.lake.LakeFormat;
import io.lakeport.lake.ValueWarnings;
import io.lakeport.lake.ValueWriter;
import io.lakeport.lake.ValueWriters;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Any database with a JDBC driver on the classpath (the PostgreSQL and MariaDB drivers ship): schemas from
 * {@link DatabaseMetaData}, rows through a forward-only result set with the fetch size, read on worker
 * threads by {@link JdbcRowStream}. For PostgreSQL and MySQL/MariaDB the type mapping is the native
 * sources' own, so the same table lands the same way whichever source reads it.
 *
 * @param vertx  whose worker threads read the connections
 * @param config the source
 * @param ingest the fetch and chunk sizes
 */
record JdbcSource(Vertx vertx, SourceConfig config, IngestConfig ingest) implements Source {

  /** What the type mapping and session set-up depend on. */
  enum Dialect {
    POSTGRESQL, MYSQL, OTHER;

    static Dialect of(DatabaseMetaData md) throws SQLException {
      String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRESQL;
      }
      if (product.contains("mysql") || product.contains("mariadb")) {
        return MYSQL;
      }
      return OTHER;
    }
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(config.url(), config.user(), config.password());
    try {
      if (Dialect.of(connection.getMetaData()) == Dialect.MYSQL) {
        // TIMESTAMP columns are stored in UTC and shown in the session zone: read them as UTC.
        try (Statement s = connection.createStatement()) {
          s.execute("SET time_zone = '+00:00'");
        }
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      JdbcRowStream.closeQuietly(connection);
      throw e;
    }
  }

  @Override
  public Future<List<TableSchema>> discover(List<String> tables) {
    Context context = vertx.getOrCreateContext();
    return Contexts.on(context, () -> context.executeBlocking(() -> {
      try (Connection connection = connect()) {
        return discover(connection, tables);
      }
    }, false));
  }

  private List<TableSchema> discover(Connection connection, List<String> requested) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    Dialect dialect = Dialect.of(md);
    String catalog = connection.getCatalog();
    String schema = connection.getSchema();
    boolean all = requested == null || requested.isEmpty();
    List<String> available = new ArrayList<>();
    try (ResultSet rs = md.getTables(catalog, schema, "%", all ? new String[] {"TABLE"} : null)) {
      while (rs.next()) {
        available.add(rs.getString("TABLE_NAME"));
      }
    }
    String where = "catalog " + catalog + (schema == null ? "" : " schema " + schema) + " of " + md.getURL();
    List<String> names = Discovery.select(config, where, new TreeSet<>(available), requested);
    String escape = md.getSearchStringEscape();
    List<TableSchema> out = new ArrayList<>();
    for (String table : names) {
      String pattern = escape == null || escape.isEmpty() ? table
          : table.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
      SchemaBuilder builder = new SchemaBuilder();
      try (ResultSet rs = md.getColumns(catalog, schema, pattern, "%")) {
        while (rs.next()) {
          if (!table.equals(rs.getString("TABLE_NAME"))) {
            continue;
          }
          String name = rs.getString("COLUMN_NAME");
          int dataType = rs.getInt("DATA_TYPE");
          String typeName = storageTypeName(dialect, rs.getString("TYPE_NAME"));
          int size = rs.getInt("COLUMN_SIZE");
          Integer digits = (Integer) rs.getObject("DECIMAL_DIGITS", Integer.class);
          LakeType type = lakeType(dialect, dataType, typeName, size, digits, name, builder.warnings());
          builder.add(name, type, rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
              sourceType(dataType, typeName, size, digits));
        }
      }
      Map<Short, String> keyColumns = new java.util.TreeMap<>();
      try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
        while (rs.next()) {
          keyColumns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
      }
      out.add(builder.build(config.name(), table, List.copyOf(keyColumns.values())));
    }
    return out;
  }

  /**
   * The PostgreSQL driver names serial columns by how they were declared ({@code bigserial}) rather than by
   * their type ({@code int8}); the type is what decides the lake type and the getter.
   */
  private static String storageTypeName(Dialect dialect, String typeName) {
    if (dialect != Dialect.POSTGRESQL) {
      return typeName;
    }
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "bigserial" -> "int8";
      case "serial" -> "int4";
      case "smallserial" -> "int2";
      default -> typeName;
    };
  }

  /**
   * The column's java.sql.Types code and driver type name with size and digits, e.g. {@code 2:numeric(10,2)};
   * {@link #open} reads the type code and name back to choose the getter.
   */
  private static String sourceType(int dataType, String typeName, int size, Integer digits) {
    String params = switch (dataType) {
      case Types.NUMERIC, Types.DECIMAL -> size == 0 ? "" : "(" + size + "," + (digits == null ? 0 : digits) + ")";
      case Types.BIT -> "(" + size + ")";
      default -> "";
    };
    return dataType + ":" + typeName + params;
  }

  /** The lake type of a JDBC column; PostgreSQL and MySQL/MariaDB map as their native sources do. */
  static LakeType lakeType(Dialect dialect, int dataType, String typeName, int size, Integer digits, String column,
                           List<String> warnings) {
    String name = typeName.toLowerCase(Locale.ROOT);
    if (dialect == Dialect.POSTGRESQL) {
      // The PostgreSQL driver reports pg_type names (int4, numeric, _int4), and for numeric columns and numeric
      // arrays the declared precision and scale (0 and null when unconstrained).
      String element = name.startsWith("_") ? name.substring(1) : null;
      boolean numeric = "numeric".equals(element == null ? name : element);
      Integer precision = numeric && size > 0 ? size : null;
      Integer scale = numeric && size > 0 ? digits : null;
      String described = numeric && precision != null ? "numeric(" + precision + "," + scale + ")" : name;
      if (element != null) {
        return new LakeType.Array(PostgresSource.lakeType(element, precision, scale, null, null, column, described,
            warnings));
      }
      return PostgresSource.lakeType(name, precision, scale, null, null, column, described, warnings);
    }
    boolean unsigned = name.contains("unsigned");
    return switch (dataType) {
      case Types.BIT -> size <= 1 ? LakeType.Primitive.BOOLEAN
          : dialect != Dialect.MYSQL ? LakeType.Primitive.VARCHAR
          : size < 64 ? LakeType.Primitive.BIGINT : new LakeType.Decimal(20, 0);
      case Types.BOOLEAN -> LakeType.Primitive.BOOLEAN;
      case Types.TINYINT, Types.SMALLINT -> LakeType.Primitive.INTEGER;
      case Types.INTEGER -> unsigned ? LakeType.Primitive.BIGINT : LakeType.Primitive.INTEGER;
      case Types.BIGINT -> unsigned ? new LakeType.Decimal(20, 0) : LakeType.Primitive.BIGINT;
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> LakeType.Primitive.DOUBLE;
      case Types.NUMERIC, Types.DECIMAL -> SqlTypes.decimal(size == 0 ? null : size, digits, column, name, warnings);
      case Types.DATE -> name.equals("year") ? LakeType.Primitive.INTEGER : LakeType.Primitive.DATE;
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> LakeType.Primitive.TIMESTAMP;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> LakeType.Primitive.VARBINARY;
      case Types.ARRAY -> new LakeType.Array(LakeType.Primitive.VARCHAR);
      default -> name.equals("json") || name.equals("jsonb") ? LakeType.Primitive.JSON : LakeType.Primitive.VARCHAR;
    };
  }

  @Override
  public Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter) {
    Context context = vertx.getOrCreateContext();
    return Contexts.on(context, () -> {
      Column watermark = Discovery.watermarkColumn(config, table, watermarkColumn);
      String description = Discovery.describe(config, table.table());
      ValueWarnings warnings = new ValueWarnings(table.table());
      List<ValueWriter> writers = new ArrayList<>();
      for (Column column : table.columns()) {
        writers.add(ValueWriters.forType(column.type(), column.lakeName(), warnings));
      }
      int watermarkIndex = watermark == null ? -1 : table.columns().indexOf(watermark);
      return context.<JdbcRowStream>executeBlocking(() -> openCursor(context, table, watermark, watermarkAfter), false)
          .recover(e -> Future.failedFuture(e instanceof IllegalArgumentException ? e
              : new SourceReadException(description + ": cannot open a cursor: " + SourceReadException.describe(e), e)))
          .map(stream -> new JdbcTableReader(context, description, warnings, ingest.chunkBytes(), table.columns(),
              writers, watermarkIndex, stream));
    });
  }

  private JdbcRowStream openCursor(Context context, TableSchema table, Column watermark, String watermarkAfter)
      throws SQLException {
    Connection connection = connect();
    PreparedStatement statement = null;
    try {
      DatabaseMetaData md = connection.getMetaData();
      Dialect dialect = Dialect.of(md);
      String quote = md.getIdentifierQuoteString() == null || md.getIdentifierQuoteString().isBlank() ? ""
          : md.getIdentifierQuoteString();
      SqlSelect select = new SqlSelect(quote);
      for (Column column : table.columns()) {
        String ref = select.ref(column);
        // PostgreSQL prints money in the locale's format ("1,234.56"); its numeric value is exact.
        select.add(dialect == Dialect.POSTGRESQL && typeName(column).equals("money") ? ref + "::numeric" : ref);
      }
      String sql = select.sql(table.table(), watermark, watermarkAfter == null ? null : "?");
      // A PostgreSQL cursor needs a transaction; without one the driver reads the whole result.
      connection.setAutoCommit(false);
      statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(ingest.fetchSize());
      if (watermark != null && watermarkAfter != null) {
        bindWatermark(statement, watermark, watermarkAfter);
      }
      ResultSet rs = statement.executeQuery();
      List<Extractor> extractors = new ArrayList<>();
      for (int i = 0; i < table.columns().size(); i++) {
        extractors.add(extractor(dialect, table.columns().get(i), i + 1));
      }
      return new JdbcRowStream(context, new JdbcRowStream.Cursor(connection, statement, rs), r -> {
        Object[] row = new Object[extractors.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = extractors.get(i).get(r);
        }
        return row;
      }, ingest.fetchSize());
    } catch (SQLException | RuntimeException e) {
      JdbcRowStream.closeQuietly(statement);
      JdbcRowStream.closeQuietly(connection);
      throw e;
    }
  }

  private static int typeCode(Column column) {
    return Integer.parseInt(column.sourceType().substring(0, column.sourceType().indexOf(':')));
  }

  private static String typeName(Column column) {
    String rest = column.sourceType().substring(column.sourceType().indexOf(':') + 1);
    int paren = rest.indexOf('(');
    return (paren < 0 ? rest : rest.substring(0, paren)).toLowerCase(Locale.ROOT);
  }

  private static boolean withTimeZone(Column column) {
    String name = typeName(column);
    return typeCode(column) == Types.TIMESTAMP_WITH_TIMEZONE || name.equals("timestamptz")
        || name.contains("with time zone");
  }

  private static void bindWatermark(PreparedStatement statement, Column column, String text) throws SQLException {
    LakeType type = column.type();
    if (type instanceof LakeType.Decimal) {
      if (text.equals("NaN")) {
        statement.setDouble(1, Double.NaN);
      } else {
        statement.setBigDecimal(1, new BigDecimal(text));
      }
    } else if (type == LakeType.Primitive.INTEGER || type == LakeType.Primitive.BIGINT) {
      statement.setLong(1, Long.parseLong(text));
    } else if (type == LakeType.Primitive.DOUBLE) {
      statement.setDouble(1, Double.parseDouble(text));
    } else if (type == LakeType.Primitive.DATE) {
      statement.setObject(1, switch (text) {
        case "infinity" -> LocalDate.MAX;
        case "-infinity" -> LocalDate.MIN;
        default -> LakeFormat.parseDate(text);
      });
    } else if (type == LakeType.Primitive.TIMESTAMP && !text.startsWith("0000-00-00")) {
      boolean tz = withTimeZone(column);
      Object value = switch (text) {
        case "infinity" -> tz ? OffsetDateTime.MAX : LocalDateTime.MAX;
        case "-infinity" -> tz ? OffsetDateTime.MIN : LocalDateTime.MIN;
        default -> tz ? LakeFormat.parseTimestamp(text).atOffset(ZoneOffset.UTC) : LakeFormat.parseTimestamp(text);
      };
      statement.setObject(1, value);
    } else {
      statement.setString(1, text);
    }
  }

  /** Reads one column of the current row. */
  @FunctionalInterface
  private interface Extractor {
    Object get(ResultSet rs) throws SQLException;
  }

  private static Extractor extractor(Dialect dialect, Column column, int index) {
    LakeType type = column.type();
    String name = typeName(column);
    if (type instanceof LakeType.Array array) {
      return rs -> {
        Array a = rs.getArray(index);
        if (a == null) {
          return null;
        }
        try {
          Object[] elements = (Object[]) a.getArray();
          Object[] out = new Object[elements.length];
          for (int i = 0; i < elements.length; i++) {
            out[i] = element(elements[i], name, array.element());
          }
          return out;
        } finally {
          a.free();
        }
      };
    }
    if (type instanceof LakeType.Decimal) {
      // Text keeps every digit and the scale, and carries PostgreSQL's NaN, which getBigDecimal refuses.
      return rs -> rs.getString(index);
    }
    return switch ((LakeType.Primitive) type) {
      case BOOLEAN -> dialect == Dialect.MYSQL && !name.equals("bit")
          // getBoolean would turn TINYINT(1) 5 into true without a trace; the number itself goes to the writer.
          ? rs -> {
            String s = rs.getString(index);
            return s == null ? null : Long.parseLong(s);
          }
          : rs -> rs.getObject(index);
      case INTEGER -> rs -> {
        int v = rs.getInt(index);
        return rs.wasNull() ? null : v;
      };
      case BIGINT -> rs -> {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
      };
      case DOUBLE -> rs -> rs.getObject(index);
      case VARCHAR, JSON -> rs -> rs.getString(index);
      case VARBINARY -> rs -> rs.getBytes(index);
      case DATE -> temporal(index, LocalDate.class);
      case TIMESTAMP -> withTimeZone(column) ? rs -> rs.getObject(index, OffsetDateTime.class)
          : temporal(index, LocalDateTime.class);
    };
  }

  /**
   * A date or datetime; when the driver gives null for a non-null value (MariaDB's zero dates) or cannot
   * decode it ('2024-00-10'), the text goes to the writer, which writes null and says why.
   */
  private static Extractor temporal(int index, Class<?> type) {
    return rs -> {
      try {
        Object value = rs.getObject(index, type);
        return value != null ? value : rs.getString(index);
      } catch (SQLException | DateTimeException e) {
        return rs.getString(index);
      }
    };
  }

  /** Array elements as the writers take them: java.sql temporals to java.time, driver objects to text. */
  private static Object element(Object value, String arrayType, LakeType elementType) {
    return switch (value) {
      case null -> null;
      case java.sql.Timestamp t when arrayType.equals("_timestamptz") -> t.toInstant();
      case java.sql.Timestamp t -> t.toLocalDateTime();
      case java.sql.Date d -> d.toLocalDate();
      case BigDecimal d -> d;
      case Number n -> n;
      case Boolean b -> b;
      case byte[] b -> b;
      case String s -> s;
      default -> elementType == LakeType.Primitive.VARCHAR || elementType == LakeType.Primitive.JSON
          ? value.toString() : value;
    };
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /** Rows of a JDBC result set in the lake format. */
  static final class JdbcTableReader extends ChunkedReader<Object[]> {
    private final List<Column> columns;
    private final List<ValueWriter> writers;
    private final int watermarkIndex;
    private final JdbcRowStream stream;

    JdbcTableReader(Context context, String description, ValueWarnings warnings, int chunkBytes, List<Column> columns,
                    List<ValueWriter> writers, int watermarkIndex, JdbcRowStream stream) {
      super(context, description, warnings, chunkBytes);
      this.columns = columns;
      this.writers = writers;
      this.watermarkIndex = watermarkIndex;
      this.stream = stream;
      start(stream);
    }

    @Override
    protected void writeFields(JsonGenerator out, Object[] row) throws IOException {
      for (int i = 0; i < columns.size(); i++) {
        out.writeFieldName(columns.get(i).lakeName());
        ValueWriters.writeNullable(out, writers.get(i), row[i]);
      }
    }

    @Override
    protected Object watermarkOf(Object[] row) {
      return watermarkIndex < 0 ? null : row[watermarkIndex];
    }

    @Override
    protected String watermarkText(Object value) {
      return SqlText.watermark(value);
    }

    @Override
    protected Future<Void> releaseResources() {
      return stream.close();
    }
  }
}
