package io.lakeport.source;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeNames;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL through the reactive vertx-pg-client: schemas from information_schema and pg_type of the
 * connection's current schema, rows through a portal cursor inside a read-only transaction (a portal
 * outside a transaction is gone after the first fetch).
 */
final class PostgresSource implements Source {

  /** Scale given to {@code numeric} without precision: 29 integer and 9 fraction digits. */
  static final int UNCONSTRAINED_NUMERIC_SCALE = 9;

  /**
   * Lake types whose values the client decodes natively into what the writers take (a domain arrives as its
   * base type, so this holds for domains too); decimals, JSON and the text of other types are read as text.
   */
  private static final Set<LakeType> NATIVE = Set.of(LakeType.Primitive.BOOLEAN, LakeType.Primitive.INTEGER,
      LakeType.Primitive.BIGINT, LakeType.Primitive.DOUBLE, LakeType.Primitive.DATE, LakeType.Primitive.TIMESTAMP,
      LakeType.Primitive.VARBINARY);

  /** Text types read as they are: a cast to text would strip the padding of character(n). */
  private static final Set<String> NATIVE_TEXT = Set.of("character", "character varying", "text");

  private static final String COLUMNS_SQL = """
      SELECT c.table_name, c.column_name, c.is_nullable, c.udt_name, c.numeric_precision, c.numeric_scale,
             format_type(a.atttypid, a.atttypmod) AS source_type, a.atttypmod, et.typname AS element_udt
        FROM information_schema.columns c
        JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        JOIN pg_class cl ON cl.oid = format('%I.%I', c.table_schema, c.table_name)::regclass
        JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attname = c.column_name
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
       WHERE c.table_schema = current_schema()
         AND (tb.table_type = 'BASE TABLE' AND NOT cl.relispartition OR c.table_name = ANY($1))
       ORDER BY c.table_name, c.ordinal_position""";

  private static final String PRIMARY_KEYS_SQL = """
      SELECT kcu.table_name, kcu.column_name
        FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage kcu
          ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
         AND kcu.table_name = tc.table_name
       WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'
       ORDER BY kcu.table_name, kcu.ordinal_position""";

  private final Vertx vertx;
  private final SourceConfig config;
  private final IngestConfig ingest;
  private final Pool pool;

  PostgresSource(Vertx vertx, SourceConfig config, IngestConfig ingest) {
    this.vertx = vertx;
    this.config = config;
    this.ingest = ingest;
    this.pool = SqlPools.create(vertx, PgBuilder.pool(),
        new PgConnectOptions().addProperty("application_name", "lakeport-" + config.name()), config, ingest);
  }

  @Override
  public Future<List<TableSchema>> discover(List<String> tables) {
    return Contexts.on(vertx, () -> pool.preparedQuery(COLUMNS_SQL).execute(Tuple.of(tables.toArray(new String[0])))
        .compose(columns -> pool.query(PRIMARY_KEYS_SQL).execute()
            .map(keys -> schemas(columns, keys, tables))));
  }

  private List<TableSchema> schemas(RowSet<Row> columns, RowSet<Row> keys, List<String> requested) {
    Map<String, List<Row>> byTable = new LinkedHashMap<>();
    for (Row row : columns) {
      byTable.computeIfAbsent(row.getString("table_name"), t -> new ArrayList<>()).add(row);
    }
    Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
    for (Row row : keys) {
      primaryKeys.computeIfAbsent(row.getString("table_name"), t -> new ArrayList<>()).add(row.getString("column_name"));
    }
    List<String> names = Discovery.select(config, "the current schema of database '" + config.database() + "'",
        byTable.keySet(), requested);
    List<TableSchema> out = new ArrayList<>();
    for (String table : names) {
      LakeNames lakeNames = new LakeNames();
      List<String> warnings = new ArrayList<>();
      List<Column> cols = new ArrayList<>();
      Map<String, String> lakeNameOf = new LinkedHashMap<>();
      for (Row row : byTable.get(table)) {
        String name = row.getString("column_name");
        String sourceType = row.getString("source_type");
        LakeType type = lakeType(row.getString("udt_name"), row.getInteger("numeric_precision"),
            row.getInteger("numeric_scale"), row.getString("element_udt"), row.getInteger("atttypmod"),
            name, sourceType, warnings);
        String lakeName = lakeNames.assign(name);
        lakeNameOf.put(name, lakeName);
        cols.add(new Column(name, lakeName, type, "YES".equals(row.getString("is_nullable")), sourceType));
      }
      warnings.addAll(0, lakeNames.warnings());
      List<String> pk = primaryKeys.getOrDefault(table, List.of()).stream().map(lakeNameOf::get).toList();
      out.add(new TableSchema(config.name(), table, cols, pk, warnings));
    }
    return out;
  }

  /** The lake type of a PostgreSQL column (see docs/lake-format.md); notes what it had to narrow. */
  static LakeType lakeType(String udt, Integer precision, Integer scale, String elementUdt, Integer typmod,
                           String column, String sourceType, List<String> warnings) {
    if (elementUdt != null) {
      // The type modifier of an array column is its element's: numeric(10,2)[] has the typmod of numeric(10,2).
      Integer ep = null;
      Integer es = null;
      if ("numeric".equals(elementUdt) && typmod != null && typmod >= 4) {
        ep = ((typmod - 4) >> 16) & 0xffff;
        es = signedScale((typmod - 4) & 0xffff);
      }
      return new LakeType.Array(lakeType(elementUdt, ep, es, null, null, column, sourceType, warnings));
    }
    return switch (udt) {
      case "int2", "int4" -> LakeType.Primitive.INTEGER;
      case "int8", "oid" -> LakeType.Primitive.BIGINT;
      case "float4", "float8" -> LakeType.Primitive.DOUBLE;
      case "bool" -> LakeType.Primitive.BOOLEAN;
      case "date" -> LakeType.Primitive.DATE;
      case "timestamp", "timestamptz" -> LakeType.Primitive.TIMESTAMP;
      case "bytea" -> LakeType.Primitive.VARBINARY;
      case "json", "jsonb" -> LakeType.Primitive.JSON;
      case "numeric" -> decimal(precision, scale, column, sourceType, warnings);
      case "money" -> {
        warnings.add("column '" + column + "' (money) is stored as decimal(38,2) from its numeric value");
        yield new LakeType.Decimal(38, 2);
      }
      default -> LakeType.Primitive.VARCHAR;
    };
  }

  /** PostgreSQL 15 stores a negative numeric scale as an 11-bit two's complement in the typmod. */
  private static int signedScale(int raw) {
    return raw >= 1024 ? raw - 2048 : raw;
  }

  static LakeType.Decimal decimal(Integer precision, Integer scale, String column, String sourceType,
                                  List<String> warnings) {
    if (precision == null) {
      warnings.add("column '" + column + "' (" + sourceType + " without precision) is stored as decimal(38,"
          + UNCONSTRAINED_NUMERIC_SCALE + "): more fraction digits are rounded half-even and values of more than "
          + (38 - UNCONSTRAINED_NUMERIC_SCALE) + " integer digits become null, each with a warning");
      return new LakeType.Decimal(38, UNCONSTRAINED_NUMERIC_SCALE);
    }
    int s = scale == null ? 0 : scale;
    if (s < 0) {
      return new LakeType.Decimal(Math.min(precision - s, 38), 0);
    }
    int p = Math.max(precision, s);
    if (p > 38) {
      int keptScale = Math.min(s, 38);
      warnings.add("column '" + column + "' (" + sourceType + ") is wider than the engines' 38 digits: stored as decimal(38,"
          + keptScale + "); values that do not fit become null with a warning");
      return new LakeType.Decimal(38, keptScale);
    }
    return new LakeType.Decimal(p, s);
  }

  @Override
  public Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter) {
    Context context = vertx.getOrCreateContext();
    return Contexts.on(context, () -> {
      Column watermark = Discovery.watermarkColumn(config, table, watermarkColumn);
      ValueWarnings warnings = new ValueWarnings(table.table());
      List<String> select = new ArrayList<>();
      List<SqlTableReader.Field> fields = new ArrayList<>();
      int watermarkIndex = -1;
      for (Column column : table.columns()) {
        String ref = "t." + SqlText.quote(column.name(), "\"");
        int index = select.size();
        select.add(selectExpression(ref, column));
        int dims = -1;
        if (column.type() instanceof LakeType.Array) {
          dims = select.size();
          select.add("array_ndims(" + ref + ")");
        }
        fields.add(new SqlTableReader.Field(column.lakeName(),
            ValueWriters.forType(column.type(), column.lakeName(), warnings), index, dims));
        if (column == watermark) {
          watermarkIndex = index;
        }
      }
      StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
          .append(" FROM ").append(SqlText.quote(table.table(), "\"")).append(" t");
      Tuple params = Tuple.tuple();
      if (watermark != null) {
        String ref = "t." + SqlText.quote(watermark.name(), "\"");
        if (watermarkAfter != null) {
          sql.append(" WHERE ").append(ref).append(" > CAST($1::text AS ").append(castType(watermark.sourceType())).append(')');
          params.addString(watermarkParameter(watermark, watermarkAfter));
        }
        sql.append(" ORDER BY ").append(ref);
      }
      int wmIndex = watermarkIndex;
      String description = Discovery.describe(config, table.table());
      return pool.getConnection()
          .recover(e -> Future.failedFuture(new SourceReadException(description + ": cannot connect: "
              + SourceReadException.describe(e), e)))
          .compose(conn -> conn.begin()
              .recover(e -> conn.close().transform(v -> Future.failedFuture(e)))
              .compose(tx -> new SqlTableReader(context, description, warnings, ingest.chunkBytes(), fields, wmIndex,
                  SqlText::watermark, conn, tx).open(sql.toString(), params, ingest.fetchSize())));
    });
  }

  /** How a column is selected so that the client hands out what the writer takes, exactly. */
  private static String selectExpression(String ref, Column column) {
    String sourceType = column.sourceType();
    if (column.type() instanceof LakeType.Array array) {
      String element = sourceType.endsWith("[]") ? sourceType.substring(0, sourceType.length() - 2) : sourceType;
      return isNative(array.element(), element) ? ref : ref + "::text[]";
    }
    if (baseType(sourceType).equals("money")) {
      return ref + "::numeric::text";
    }
    return isNative(column.type(), sourceType) ? ref : ref + "::text";
  }

  private static boolean isNative(LakeType type, String sourceType) {
    return NATIVE.contains(type) || type == LakeType.Primitive.VARCHAR && NATIVE_TEXT.contains(baseType(sourceType));
  }

  /**
   * The type a watermark parameter is cast to: the column's own, without a precision-like modifier (which
   * would round the parameter); character(n) and bit(n) keep theirs, without it they mean length 1.
   */
  static String castType(String formatType) {
    String base = baseType(formatType);
    return base.startsWith("numeric") || base.startsWith("timestamp") || base.startsWith("time")
        || base.startsWith("interval") ? base : formatType;
  }

  /** format_type text without its modifier: {@code timestamp(3) with time zone} becomes {@code timestamp with time zone}. */
  static String baseType(String formatType) {
    return formatType.replaceFirst("\\(\\d+(,-?\\d+)?\\)", "");
  }

  /** The watermark text as PostgreSQL parses it for the column's type: a UTC timestamptz carries its offset. */
  private static String watermarkParameter(Column column, String text) {
    if (baseType(column.sourceType()).equals("timestamp with time zone") && !text.endsWith("infinity")) {
      return text + "+00";
    }
    return text;
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }
}
