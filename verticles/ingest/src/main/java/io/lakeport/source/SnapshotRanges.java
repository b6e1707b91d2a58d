package io.lakeport.source;

import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.function.Supplier;

/**
 * A SQL database's side of reading one table in parallel ranges: how the table splits, and how every range's
 * connection comes to read the same snapshot. A coordinating connection freezes the snapshot, each range's
 * connection joins it before its cursor opens, and the coordinator lets go once every range has joined.
 */
interface SnapshotRanges {

  /** Splits {@code table} into at most {@code count} ranges, asking the database on {@code connection}. */
  Future<ReadRanges.Plan> plan(SqlConnection connection, TableSchema table, int count);

  /**
   * Freezes one snapshot on {@code coordinator}; fails when the database refuses (a missing privilege, a lock
   * not granted in time), and the read then goes by one cursor.
   */
  Future<Frozen> freeze(SqlConnection coordinator, TableSchema table);

  /** Joins a range's connection, already set up by the dialect, to the frozen snapshot. */
  Future<Void> join(SqlConnection range, Frozen frozen);

  /**
   * A frozen snapshot.
   *
   * @param token what a range joins with (PostgreSQL's exported snapshot id; empty where there is none)
   * @param thaw  lets go of the coordinator's hold, once every range has joined
   */
  record Frozen(String token, Supplier<Future<Void>> thaw) {
  }
}
