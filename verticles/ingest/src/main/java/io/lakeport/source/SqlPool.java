package io.lakeport.source;

import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The connections of a reactive SQL source (MySQL/MariaDB, PostgreSQL), opened one way for both: the pool,
 * a connection for a cursor, and the statistics query of a row estimate.
 *
 * @param vertx  what the pool and the source's work run on
 * @param config the source
 * @param ingest the fetch and chunk sizes and the table parallelism the pool is sized for
 */
record SqlPool(Vertx vertx, SourceConfig config, IngestConfig ingest, Pool pool) {

  /**
   * A pool on {@code vertx} for the source's host, port, database and credentials, over the driver's own
   * {@code builder} and {@code connect} options (which carry what only that driver has). One connection per
   * table copied in parallel, plus one for discovery.
   */
  static SqlPool create(Vertx vertx, ClientBuilder<Pool> builder, SqlConnectOptions connect, SourceConfig config,
                        IngestConfig ingest) {
    connect.setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.database())
        .setUser(config.user())
        .setPassword(config.password() == null ? "" : config.password());
    return new SqlPool(vertx, config, ingest, builder
        .with(new PoolOptions().setMaxSize(ingest.tableParallelism() * (config.maxRanges() + 1) + 1))
        .connectingTo(connect)
        .using(vertx)
        .build());
  }

  /** A connection of the pool; a failure is the {@link SourceReadException} naming the table it was for. */
  Future<SqlConnection> connect(String description) {
    return pool.getConnection().recover(e -> Future.failedFuture(
        new SourceReadException(description + ": cannot connect: " + SourceReadException.describe(e), e)));
  }

  /**
   * The row estimate of {@code table} from a statistics query that takes the table name as its one parameter
   * and returns the estimate as column {@code n}.
   */
  Future<Long> estimateRows(String sql, TableSchema table) {
    return Contexts.on(vertx, () -> pool.preparedQuery(sql).execute(Tuple.of(table.table())).map(SqlPool::rowEstimate));
  }

  Future<Void> close() {
    return pool.close();
  }

  /** The {@code n} column of a statistics query's single row; absent, null or negative is unknown. */
  private static long rowEstimate(RowSet<Row> rows) {
    Long n = rows.size() == 0 ? null : rows.iterator().next().getLong("n");
    return n == null || n < 0 ? Source.UNKNOWN_ROWS : n;
  }
}
