package io.lakeport.api.impl;

import io.lakeport.catalog.IcebergSource;
import io.lakeport.query.QueryOptions;
import io.lakeport.query.QueryService;
import io.lakeport.query.QuerySpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/**
 * Which snapshot of an Iceberg table a read names: the current one, or the one current at an instant
 * ({@link IcebergSource#snapshotQuery}), through the query service, so the lookup is cached like the reads
 * it serves and a commit drops it.
 */
final class SnapshotLookup {

  /** A snapshot as an answer names it. */
  record Named(long id, Instant committedAt) {
    JsonObject toJson() {
      // As text: a snapshot id is a 64-bit number, past what a JSON client's double holds exactly.
      return new JsonObject().put("id", Long.toString(id)).put("committedAt", committedAt.toString());
    }
  }

  private final QueryService queries;
  private final QueryOptions options;

  SnapshotLookup(QueryService queries, QueryOptions options) {
    this.queries = queries;
    this.options = options;
  }

  /**
   * The snapshot of {@code table} current at {@code at} (null: now); empty when its history starts later, or
   * holds nothing yet.
   */
  Future<Optional<Named>> at(IcebergSource table, Instant at) {
    return queries.query(QuerySpec.of(table.snapshotQuery(at)), options, 1).compose(page -> {
      if (page.rows().isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      JsonObject snapshot = Rows.row(page.columns(), page.rows().getFirst());
      try {
        return Future.succeededFuture(Optional.of(new Named(Long.parseLong(snapshot.getString("snapshot_id")),
            Instant.parse(snapshot.getString("committed_at")))));
      } catch (RuntimeException e) {
        return Future.failedFuture(new IllegalStateException("the engine named the snapshot of " + table.table()
            + " as " + snapshot.encode() + ", not an id and a commit time", e));
      }
    });
  }
}
