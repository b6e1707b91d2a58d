package io.lakeport.source;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.lake.LakeFormat;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.math.BigDecimal;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MySQL 8 and MariaDB through the reactive vertx-mysql-client: schemas from information_schema of the
 * configured database, rows through a server-side cursor (COM_STMT_FETCH) of a prepared statement.
 *
 * <p>Every connection runs with {@code time_zone = '+00:00'}, so TIMESTAMP columns (stored as UTC, shown
 * in the session zone) come out as UTC text and a UTC watermark compares as UTC. Dates and times are selected
 * as text: the client turns zero dates into null without a trace, and the lake format must report them.
 */
final class MysqlSource implements SqlSource {

  private static final Set<String> GEOMETRY = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
      "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

  private static final String COLUMNS_SQL = """
      SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.NUMERIC_PRECISION, c.NUMERIC_SCALE,
             c.IS_NULLABLE, t.TABLE_TYPE
        FROM information_schema.COLUMNS c
        JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
       WHERE c.TABLE_SCHEMA = DATABASE()
       ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION""";

  private static final String PRIMARY_KEYS_SQL = """
      SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
       WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY'
       ORDER BY TABLE_NAME, ORDINAL_POSITION""";

  /** MariaDB's JSON is LONGTEXT plus this column check; MySQL 8 reports the JSON type itself. */
  private static final String MARIADB_JSON_CHECKS_SQL = """
      SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Column' AND CHECK_CLAUSE LIKE 'json_valid(%'""";

  private final SourceConfig config;
  private final SqlPool sql;
  private final SqlReads reads;

  MysqlSource(Vertx vertx, SourceConfig config, IngestConfig ingest) {
    this.config = config;
    this.sql = SqlPool.create(vertx, MySQLBuilder.pool(), new MySQLConnectOptions().setCharset("utf8mb4"), config,
        ingest);
    this.reads = new SqlReads(sql, DIALECT, new MysqlRanges());
  }

  @Override
  public Future<List<TableSchema>> discover(List<String> tables) {
    return Contexts.on(sql.vertx(), () -> sql.pool().query("SELECT VERSION()").execute().compose(version -> {
      boolean mariadb = version.iterator().next().getString(0).toLowerCase(Locale.ROOT).contains("mariadb");
      Future<RowSet<Row>> checks = mariadb ? sql.pool().query(MARIADB_JSON_CHECKS_SQL).execute() : Future.succeededFuture(null);
      return sql.pool().query(COLUMNS_SQL).execute().compose(columns -> sql.pool().query(PRIMARY_KEYS_SQL).execute()
          .compose(keys -> checks.map(jsonChecks -> schemas(columns, keys, jsonChecks, tables))));
    }));
  }

  private List<TableSchema> schemas(RowSet<Row> columns, RowSet<Row> keys, RowSet<Row> jsonChecks,
                                    List<String> requested) {
    Map<String, List<Row>> byTable = new LinkedHashMap<>();
    Set<String> baseTables = new HashSet<>();
    for (Row row : columns) {
      String table = row.getString(0);
      byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
      if ("BASE TABLE".equals(row.getString(7))) {
        baseTables.add(table);
      }
    }
    Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
    for (Row row : keys) {
      primaryKeys.computeIfAbsent(row.getString(0), t -> new ArrayList<>()).add(row.getString(1));
    }
    Set<String> jsonColumns = new HashSet<>();
    if (jsonChecks != null) {
      for (Row row : jsonChecks) {
        jsonColumns.add(row.getString(0) + "\u0000" + row.getString(1));
      }
    }
    boolean all = requested == null || requested.isEmpty();
    List<String> names = Discovery.select(config, "database '" + config.database() + "'",
        all ? baseTables : byTable.keySet(), requested);
    List<TableSchema> out = new ArrayList<>();
    for (String table : names) {
      SchemaBuilder schema = new SchemaBuilder();
      for (Row row : byTable.get(table)) {
        String name = row.getString(1);
        String dataType = row.getString(2).toLowerCase(Locale.ROOT);
        String columnType = row.getString(3).toLowerCase(Locale.ROOT);
        boolean json = dataType.equals("json")
            || jsonColumns.contains(table + "\u0000" + "json_valid(" + SqlSelect.quote(name, "`") + ")");
        String sourceType = json ? "json" : columnType;
        LakeType type = json ? LakeType.Primitive.JSON
            : lakeType(dataType, columnType, number(row.getValue(4)), number(row.getValue(5)), name, schema.warnings());
        schema.add(name, type, "YES".equals(row.getString(6)), sourceType);
      }
      out.add(schema.build(config.name(), table, primaryKeys.getOrDefault(table, List.of())));
    }
    return out;
  }

  private static Integer number(Object value) {
    return value instanceof Number n ? n.intValue() : null;
  }

  /** The lake type of a MySQL/MariaDB column (see docs/lake-format.md); notes what it had to narrow. */
  static LakeType lakeType(String dataType, String columnType, Integer precision, Integer scale, String column,
                           List<String> warnings) {
    boolean unsigned = columnType.contains("unsigned");
    return switch (dataType) {
      case "tinyint" -> columnType.startsWith("tinyint(1)") ? LakeType.Primitive.BOOLEAN : LakeType.Primitive.INTEGER;
      case "smallint", "mediumint", "year" -> LakeType.Primitive.INTEGER;
      case "int", "integer" -> unsigned ? LakeType.Primitive.BIGINT : LakeType.Primitive.INTEGER;
      case "bigint" -> unsigned ? new LakeType.Decimal(20, 0) : LakeType.Primitive.BIGINT;
      case "decimal", "numeric" -> SqlTypes.decimal(precision, scale, column, columnType, warnings);
      case "float", "double", "real", "double precision" -> LakeType.Primitive.DOUBLE;
      case "bit" -> precision == null || precision == 1 ? LakeType.Primitive.BOOLEAN
          : precision < 64 ? LakeType.Primitive.BIGINT : new LakeType.Decimal(20, 0);
      case "date" -> LakeType.Primitive.DATE;
      case "datetime", "timestamp" -> LakeType.Primitive.TIMESTAMP;
      case "json" -> LakeType.Primitive.JSON;
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> LakeType.Primitive.VARBINARY;
      default -> {
        if (GEOMETRY.contains(dataType)) {
          warnings.add("column '" + column + "' (" + columnType + ") is stored as its WKT text (ST_AsText)");
        }
        yield LakeType.Primitive.VARCHAR;
      }
    };
  }

  @Override
  public SqlReads reads() {
    return reads;
  }

  /**
   * MySQL/MariaDB's side of reading a table: backquoted names, text for dates, times and JSON (the client
   * drops zero dates without a trace), a UTC session and no transaction.
   */
  private static final SqlDialect DIALECT = new SqlDialect("`", MysqlSource::selectExpression, (ref, column) -> null,
      watermark -> "?", MysqlSource::watermarkParameter,
      (value, watermark) -> watermarkText(value, watermark.type() == LakeType.Primitive.TIMESTAMP),
      connection -> connection.query("SET time_zone = '+00:00'").execute().map(rows -> null));

  private static String selectExpression(String ref, Column column) {
    String dataType = column.sourceType().replaceFirst("[( ].*", "");
    LakeType type = column.type();
    if (type == LakeType.Primitive.DATE || type == LakeType.Primitive.TIMESTAMP || type == LakeType.Primitive.JSON
        || dataType.equals("time")) {
      return "CAST(" + ref + " AS CHAR)";
    }
    if (dataType.equals("bit")) {
      return "CAST(" + ref + " AS UNSIGNED)";
    }
    if (GEOMETRY.contains(dataType)) {
      return "ST_AsText(" + ref + ")";
    }
    if (type == LakeType.Primitive.VARCHAR && !isText(dataType)) {
      return "CAST(" + ref + " AS CHAR)";
    }
    return ref;
  }

  private static boolean isText(String dataType) {
    return switch (dataType) {
      case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> true;
      default -> false;
    };
  }

  /** The watermark bound with the column's own kind: decimals as BigDecimal (a string would compare as double). */
  private static Object watermarkParameter(Column column, String text) {
    LakeType type = column.type();
    if (type instanceof LakeType.Decimal) {
      return new BigDecimal(text);
    }
    if (type == LakeType.Primitive.INTEGER || type == LakeType.Primitive.BIGINT) {
      return Long.parseLong(text);
    }
    if (type == LakeType.Primitive.DOUBLE) {
      return Double.parseDouble(text);
    }
    return text;
  }

  /** Datetimes arrive as text; a valid one is normalized to the lake form, a zero date kept as is. */
  private static String watermarkText(Object value, boolean timestamp) {
    if (timestamp && value instanceof String s) {
      try {
        return LakeFormat.TIMESTAMP.format(LakeFormat.parseTimestamp(s));
      } catch (DateTimeParseException e) {
        return s;
      }
    }
    return SqlText.watermark(value);
  }

  /** {@code information_schema.TABLES.TABLE_ROWS} (InnoDB's sampled estimate) of the table in the current database. */
  @Override
  public Future<Long> estimateRows(TableSchema table) {
    return sql.estimateRows(
        "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        table);
  }

  @Override
  public Future<Void> close() {
    return sql.close();
  }
}
