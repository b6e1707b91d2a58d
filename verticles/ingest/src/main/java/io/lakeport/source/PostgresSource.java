package io.lakeport.source;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
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
final class PostgresSource implements SqlSource {

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

  private final SourceConfig config;
  private final SqlPool sql;
  private final SqlReads reads;

  PostgresSource(Vertx vertx, SourceConfig config, IngestConfig ingest) {
    this.config = config;
    this.sql = SqlPool.create(vertx, PgBuilder.pool(),
        new PgConnectOptions().addProperty("application_name", "lakeport-" + config.name()), config, ingest);
    this.reads = new SqlReads(sql, DIALECT, new PostgresRanges());
  }

  @Override
  public Future<List<TableSchema>> discover(List<String> tables) {
    return Contexts.on(sql.vertx(), () -> sql.pool().preparedQuery(COLUMNS_SQL).execute(Tuple.of(tables.toArray(new String[0])))
        .compose(columns -> sql.pool().query(PRIMARY_KEYS_SQL).execute()
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
      SchemaBuilder schema = new SchemaBuilder();
      for (Row row : byTable.get(table)) {
        String name = row.getString("column_name");
        String sourceType = row.getString("source_type");
        LakeType type = lakeType(row.getString("udt_name"), row.getInteger("numeric_precision"),
            row.getInteger("numeric_scale"), row.getString("element_udt"), row.getInteger("atttypmod"),
            name, sourceType, schema.warnings());
        schema.add(name, type, "YES".equals(row.getString("is_nullable")), sourceType);
      }
      out.add(schema.build(config.name(), table, primaryKeys.getOrDefault(table, List.of())));
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
      case "numeric" -> SqlTypes.decimal(precision, scale, column, sourceType, warnings);
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

  @Override
  public SqlReads reads() {
    return reads;
  }

  /**
   * PostgreSQL's side of reading a table: double-quoted names, text for what the client does not decode
   * exactly, the dimensions of arrays, a watermark cast to the column's type, and the transaction a portal
   * needs.
   */
  private static final SqlDialect DIALECT = new SqlDialect("\"", PostgresSource::selectExpression,
      (ref, column) -> column.type() instanceof LakeType.Array ? "array_ndims(" + ref + ")" : null,
      watermark -> "CAST($1::text AS " + castType(watermark.sourceType()) + ")", PostgresSource::watermarkParameter,
      (value, watermark) -> SqlText.watermark(value), SqlConnection::begin);

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

  /** {@code pg_class.reltuples} of the table in the current schema; -1 there (never analysed) is unknown. */
  @Override
  public Future<Long> estimateRows(TableSchema table) {
    return sql.estimateRows(
        "SELECT c.reltuples::bigint AS n FROM pg_class c WHERE c.oid = to_regclass(quote_ident($1))", table);
  }

  @Override
  public Future<Void> close() {
    return sql.close();
  }
}
