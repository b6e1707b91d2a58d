package io.lakeport.catalog;

import io.vertx.core.Future;

import java.util.List;

/**
 * Runs one catalog statement to its end and answers all of its rows (none for DDL). A statement the engine
 * rejects or fails fails the future with a {@link io.lakeport.query.QueryException} carrying the engine's
 * reason.
 */
@FunctionalInterface
public interface Statements {

  Future<List<List<Object>>> run(String sql);
}
