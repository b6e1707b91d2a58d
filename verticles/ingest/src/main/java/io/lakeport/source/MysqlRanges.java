package io.lakeport.source;

import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.math.BigInteger;

/**
 * MySQL's and MariaDB's ranges: equal spans of a single integer primary key (InnoDB reads a key range off its
 * clustered index), under one snapshot taken the way parallel dump tools take it: a brief
 * {@code FLUSH TABLES <table> WITH READ LOCK} stops writes to the table while every range's connection starts
 * {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, then {@code UNLOCK TABLES}. The lock needs the RELOAD
 * and LOCK TABLES privileges and is waited for at most {@value #LOCK_WAIT_SECONDS} seconds; without it the read
 * goes by one cursor.
 */
final class MysqlRanges implements SnapshotRanges {

  static final int LOCK_WAIT_SECONDS = 10;

  @Override
  public Future<ReadRanges.Plan> plan(SqlConnection connection, TableSchema table, int count) {
    if (table.primaryKey().size() != 1) {
      return Future.succeededFuture(ReadRanges.Plan.oneCursor("without a single-column primary key, a table of "
          + "this source is read by one cursor"));
    }
    Column key = table.column(table.primaryKey().getFirst());
    if (key.type() != LakeType.Primitive.INTEGER && key.type() != LakeType.Primitive.BIGINT) {
      return Future.succeededFuture(ReadRanges.Plan.oneCursor("the primary key '" + key.name() + "' is not an "
          + "integer, so the table is read by one cursor"));
    }
    String ref = "t." + SqlSelect.quote(key.name(), "`");
    return connection.query("SELECT CAST(MIN(" + ref + ") AS CHAR) AS lo, CAST(MAX(" + ref + ") AS CHAR) AS hi FROM "
        + SqlSelect.quote(table.table(), "`") + " t").execute().map(rows -> {
          Row row = rows.iterator().next();
          String lo = row.getString("lo");
          String hi = row.getString("hi");
          return ReadRanges.keyRanges(ref, lo == null ? null : new BigInteger(lo), hi == null ? null : new BigInteger(hi),
              count);
        });
  }

  @Override
  public Future<Frozen> freeze(SqlConnection coordinator, TableSchema table) {
    return coordinator.query("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS).execute()
        .compose(v -> coordinator.query("FLUSH TABLES " + SqlSelect.quote(table.table(), "`") + " WITH READ LOCK")
            .execute())
        .map(v -> new Frozen("", () -> coordinator.query("UNLOCK TABLES").execute()
            .compose(x -> coordinator.query("SET SESSION lock_wait_timeout = DEFAULT").execute()).mapEmpty()));
  }

  @Override
  public Future<Void> join(SqlConnection range, Frozen frozen) {
    return range.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
        .compose(v -> range.query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY").execute())
        .mapEmpty();
  }
}
