package io.lakeport.ingest;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.IcebergSource;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.config.LakeportConfig.UpkeepConfig;
import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.store.LakeLayout;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The upkeep of one source's Iceberg tables through the engine's own statements
 * ({@link Catalog#upkeep}: compaction, snapshot expiry, orphan files), one table at a time so the engine
 * works on one rewrite at once. A table that fails is reported with a {@link TableUpkeepException} and the
 * others still run. The {@link IngestCoordinator} runs it, never alongside a run of the same source: a run's
 * commit and an engine rewrite of the same table would conflict, and one of them would fail.
 *
 * <p>The source's tables are the engine views whose comment records an Iceberg table with its files in the
 * source's bucket ({@code s3://bucket/iceberg/}): what earlier runs published, whatever the configured table
 * list says now.
 */
final class TableUpkeep {

  private static final Logger LOG = LoggerFactory.getLogger(TableUpkeep.class);

  private final Catalog catalog;
  private final UpkeepConfig config;

  TableUpkeep(Catalog catalog, UpkeepConfig config) {
    this.catalog = catalog;
    this.config = config;
  }

  /** Runs the upkeep of every Iceberg table of {@code source}; fails only when its tables cannot be listed. */
  Future<UpkeepReport> run(SourceConfig source) {
    Instant started = Instant.now();
    return tablesOf(source).compose(tables -> {
      LOG.info("upkeep of {}: {} Iceberg tables {} (optimize {}, retention {} days)", source.name(), tables.size(),
          tables.stream().map(IcebergSource::table).toList(), config.optimize(), config.retentionDays());
      Future<List<UpkeepReport.TableOutcome>> chain = Future.succeededFuture(new ArrayList<>());
      for (IcebergSource table : tables) {
        chain = chain.compose(outcomes -> upkeep(source, table).map(outcome -> {
          outcomes.add(outcome);
          return outcomes;
        }));
      }
      return chain;
    }).map(outcomes -> {
      UpkeepReport report = new UpkeepReport(source.name(), started, Instant.now(), outcomes);
      LOG.info("upkeep of {} {} in {} ms", source.name(), report.succeeded() ? "succeeded" : "failed for "
              + outcomes.stream().filter(o -> !o.succeeded()).map(UpkeepReport.TableOutcome::table).toList(),
          Duration.between(report.startedAt(), report.endedAt()).toMillis());
      return report;
    });
  }

  /** The Iceberg tables the engine's views over the source's bucket read. */
  Future<List<IcebergSource>> tablesOf(SourceConfig source) {
    String prefix = LakeLayout.location(source.bucket(), LakeLayout.ICEBERG_PREFIX);
    return catalog.tables().map(tables -> tables.stream()
        .filter(t -> t.iceberg() != null && t.location() != null && t.location().startsWith(prefix))
        .map(CatalogTable::iceberg)
        .toList());
  }

  private Future<UpkeepReport.TableOutcome> upkeep(SourceConfig source, IcebergSource table) {
    long start = System.nanoTime();
    Future<Void> done;
    try {
      done = catalog.upkeep(table, config.optimize(), config.retentionDays());
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.transform(outcome -> {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      LakeportMetrics.current().tableUpkeep(source.name(), table.table(), outcome.succeeded());
      if (outcome.succeeded()) {
        LOG.info("upkeep of {}: table {} done in {} ms", source.name(), table.table(), took.toMillis());
        return Future.succeededFuture(new UpkeepReport.TableOutcome(table.table(), took, null));
      }
      TableUpkeepException failure = new TableUpkeepException(source.name(), table.table(), outcome.cause());
      LOG.warn("upkeep of {}: {}", source.name(), failure.getMessage());
      return Future.succeededFuture(new UpkeepReport.TableOutcome(table.table(), took, failure));
    });
  }
}
