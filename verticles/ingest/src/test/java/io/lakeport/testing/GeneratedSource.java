package io.lakeport.testing;

import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.source.Source;
import io.lakeport.source.TableReader;
import io.lakeport.source.UnknownTableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only {@link Source} over generated tables (ids 1..rows, see {@link GeneratedTableReader}), for
 * driving runs before and besides the real database sources. Tests change a table between runs: add rows,
 * make its cursor slow or fail.
 *
 * @param name the source's name, as the schemas it discovers carry it
 */
public record GeneratedSource(Vertx vertx, String name) implements Source {

  /** One generated table; fields are read when a cursor opens. */
  public static final class Table {
    public volatile long rows;
    public volatile long delayMs;
    public volatile long failAfterChunks = -1;
    public volatile int chunkBytes = 64 * 1024;

    public Table(long rows) {
      this.rows = rows;
    }
  }

  public static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

  /** Adds the table {@code name} of {@code rows} rows (or replaces the one of that name); the table, to change later. */
  public static Table table(String name, long rows) {
    Table table = new Table(rows);
    TABLES.put(name, table);
    return table;
  }

  public static TableSchema schema(String source, String table) {
    return new TableSchema(source, table, List.of(
        new Column("id", "id", LakeType.Primitive.BIGINT, false, "bigint"),
        new Column("name", "name", LakeType.Primitive.VARCHAR, true, "varchar"),
        new Column("pad", "pad", LakeType.Primitive.VARCHAR, true, "varchar")), List.of("id"), List.of());
  }

  @Override
  public Future<List<TableSchema>> discover(List<String> tables) {
    List<TableSchema> schemas = new ArrayList<>();
    List<String> names = tables.isEmpty() ? TABLES.keySet().stream().sorted().toList() : tables;
    for (String table : names) {
      if (!TABLES.containsKey(table)) {
        return Future.failedFuture(new UnknownTableException("table " + table + " does not exist in " + name
            + " (found: " + String.join(", ", TABLES.keySet().stream().sorted().toList()) + ")"));
      }
      schemas.add(schema(name, table));
    }
    return Future.succeededFuture(schemas);
  }

  @Override
  public Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter) {
    Table t = TABLES.get(table.table());
    long first = watermarkAfter == null ? 1 : Long.parseLong(watermarkAfter) + 1;
    return Future.succeededFuture(new GeneratedTableReader(vertx, first, t.rows, t.chunkBytes, t.failAfterChunks,
        t.delayMs));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
