package io.lakeport.api.impl;

import io.lakeport.catalog.CachedCatalog;
import io.lakeport.run.IngestAddresses;
import io.lakeport.run.ProgressEvent;
import io.lakeport.query.QueryService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Keeps cached answers no older than the lake: when a run commits a table (its {@code table-done} progress
 * event, published on the bus, so with a clustered bus every API process hears it), the query service's
 * cached results are dropped, and those of queries already under way are not kept; so is the list of published
 * tables the routes read (a first run publishes a new table). Statements are not
 * parsed for the tables they read, so a commit drops every entry: commits are rare next to reads.
 */
public final class CommitListener {

  private CommitListener() {
  }

  /** Listens until the returned consumer is unregistered; completes once the registration has propagated. */
  public static Future<MessageConsumer<JsonObject>> dropCachedResultsOnCommit(EventBus bus, QueryService queries,
                                                                             CachedCatalog catalog) {
    MessageConsumer<JsonObject> consumer = bus.consumer(IngestAddresses.PROGRESS, message -> {
      ProgressEvent event;
      try {
        event = ProgressEvent.fromJson(message.body());
      } catch (RuntimeException e) {
        ApiLog.LOG.warn("ignoring a progress event that does not parse: {}", e.getMessage());
        return;
      }
      if (event.type() == ProgressEvent.Type.TABLE_DONE) {
        queries.dropCachedResults();
        catalog.invalidate();
        ApiLog.LOG.debug("run {} committed {}.{}: cached results dropped", event.runId(), event.source(), event.table());
      }
    });
    return consumer.completion().map(consumer);
  }
}
