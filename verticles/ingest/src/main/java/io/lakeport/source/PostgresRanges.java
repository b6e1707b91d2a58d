package io.lakeport.source;

import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.regex.Pattern;

/**
 * PostgreSQL's ranges: pages of the table's heap by tuple id (a TID range scan reads only its own pages, key or
 * no key), under the snapshot a repeatable-read transaction exports ({@code pg_export_snapshot()}) and every
 * range's transaction imports ({@code SET TRANSACTION SNAPSHOT}) before its first statement.
 */
final class PostgresRanges implements SnapshotRanges {

  private static final String PAGES_SQL = """
      SELECT c.relkind::text AS kind, pg_relation_size(c.oid) / current_setting('block_size')::bigint AS pages
        FROM pg_class c WHERE c.oid = to_regclass(quote_ident($1))""";

  /** What {@code pg_export_snapshot()} returns, e.g. {@code 00000003-0000001B-1}. */
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");

  private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  @Override
  public Future<ReadRanges.Plan> plan(SqlConnection connection, TableSchema table, int count) {
    return connection.preparedQuery(PAGES_SQL).execute(Tuple.of(table.table())).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || !"r".equals(row.getString("kind"))) {
        return ReadRanges.Plan.oneCursor("a partitioned table is read by one cursor (its pages are its partitions')");
      }
      return ReadRanges.pageRanges(row.getLong("pages"), count);
    });
  }

  @Override
  public Future<Frozen> freeze(SqlConnection coordinator, TableSchema table) {
    return coordinator.begin().compose(tx -> coordinator.query(REPEATABLE_READ).execute()
        .compose(v -> coordinator.query("SELECT pg_export_snapshot() AS id").execute())
        .map(rows -> new Frozen(rows.iterator().next().getString("id"), tx::rollback)));
  }

  @Override
  public Future<Void> join(SqlConnection range, Frozen frozen) {
    if (!SNAPSHOT_ID.matcher(frozen.token()).matches()) {
      return Future.failedFuture(new IllegalStateException("unexpected snapshot id '" + frozen.token() + "'"));
    }
    // The dialect has begun the transaction; both settings must precede its first query.
    return range.query(REPEATABLE_READ).execute()
        .compose(v -> range.query("SET TRANSACTION SNAPSHOT '" + frozen.token() + "'").execute())
        .mapEmpty();
  }
}
