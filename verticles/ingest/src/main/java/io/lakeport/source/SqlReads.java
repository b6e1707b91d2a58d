package io.lakeport.source;

import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.lake.ValueWarnings;
import io.lakeport.schema.Column;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * How a reactive SQL source (MySQL/MariaDB, PostgreSQL) reads a table: by one cursor, or, for a whole-table
 * read of a table big enough ({@link SourceConfig#rangesFor}), by several cursors over ranges of it
 * ({@link ReadRanges}), each on an event loop of its own, all under one snapshot ({@link SnapshotRanges}), so
 * the table is copied as of one instant whichever range a row is in. Where the table does not split or the
 * database refuses the snapshot, the read goes by one cursor and says why in the table's warnings.
 */
final class SqlReads {

  private static final Logger LOG = LoggerFactory.getLogger(SqlReads.class);

  /** Runs before each range's connection is opened, given the range's index; what tests step in at. */
  interface RangeOpening {
    Future<Void> before(int range, int ranges);
  }

  private final SqlPool sql;
  private final SqlDialect dialect;
  private final SnapshotRanges snapshots;
  private volatile RangeOpening rangeOpening = (range, ranges) -> Future.succeededFuture();

  SqlReads(SqlPool sql, SqlDialect dialect, SnapshotRanges snapshots) {
    this.sql = sql;
    this.dialect = dialect;
    this.snapshots = snapshots;
  }

  /** Sets what runs before each range opens (tests: a write between the first and the last range's start). */
  void rangeOpening(RangeOpening opening) {
    this.rangeOpening = opening;
  }

  /**
   * Opens a read of {@code table} (see {@link Source#open}); the source's row estimate sizes the range count
   * when the source's {@code ranges} does not set it. An incremental read (with a watermark bound) reads the rows past
   * it by one cursor: they are the few the table gained.
   */
  Future<TableReader> open(Source source, TableSchema table, String watermarkColumn, String watermarkAfter) {
    SourceConfig config = sql.config();
    // The estimate only sizes an automatic range count; without one (an incremental read, a set count, a source
    // whose tables are read by one cursor) the statistics are not asked.
    if (watermarkAfter != null || config.ranges() != SourceConfig.AUTO_RANGES || config.maxRanges() == 1) {
      return open(table, watermarkColumn, watermarkAfter, Source.UNKNOWN_ROWS);
    }
    return source.estimateRows(table).recover(e -> Future.succeededFuture(Source.UNKNOWN_ROWS))
        .compose(estimate -> open(table, watermarkColumn, null, estimate));
  }

  private Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter,
                                   long estimatedRows) {
    SourceConfig config = sql.config();
    return Contexts.on(sql.vertx(), () -> {
      Column watermark = Discovery.watermarkColumn(config, table, watermarkColumn);
      String description = Discovery.describe(config, table.table());
      ValueWarnings warnings = new ValueWarnings(table.table());
      int count = watermarkAfter == null ? config.rangesFor(estimatedRows) : 1;
      if (count > 1 && !RangedReader.orderable(watermark)) {
        warnings.note("read by one cursor: the watermark column '" + watermark.name() + "' is text, whose order is "
            + "the database's collation");
        count = 1;
      }
      if (count <= 1) {
        return oneCursor(table, watermark, watermarkAfter, description, warnings);
      }
      int asked = count;
      // The coordinating connection lives until the read is open (the ranges have joined its snapshot), then goes.
      return sql.connect(description).compose(coordinator -> snapshots.plan(coordinator, table, asked)
          .compose(plan -> plan.size() <= 1
              ? oneCursor(table, watermark, description, warnings, plan.oneCursorReason())
              : snapshots.freeze(coordinator, table).transform(frozen -> frozen.failed()
                  ? oneCursor(table, watermark, description, warnings, "the database did not grant one snapshot for "
                      + plan.size() + " ranges: " + SourceReadException.describe(frozen.cause()))
                  : ranges(table, watermark, description, warnings, plan, frozen.result())
                      .eventually(() -> frozen.result().thaw().get().recover(e -> Future.succeededFuture()))))
          .eventually(() -> coordinator.close().recover(e -> Future.succeededFuture())));
    });
  }

  /** A whole-table read by one cursor where ranges were asked for; {@code reason}, when there is one, is warned. */
  private Future<TableReader> oneCursor(TableSchema table, Column watermark, String description, ValueWarnings warnings,
                                        String reason) {
    if (reason != null) {
      warnings.note("read by one cursor: " + reason);
    }
    return oneCursor(table, watermark, null, description, warnings);
  }

  private Future<TableReader> oneCursor(TableSchema table, Column watermark, String watermarkAfter, String description,
                                        ValueWarnings warnings) {
    return SqlTableReader.open(sql, dialect, table, watermark, watermarkAfter, null, description, warnings,
        connection -> Future.succeededFuture()).map(reader -> reader);
  }

  /**
   * Opens the plan's ranges one after another, each on a new event-loop context, joined to {@code frozen};
   * a range that does not open closes the ones that did.
   */
  private Future<TableReader> ranges(TableSchema table, Column watermark, String description, ValueWarnings warnings,
                                     ReadRanges.Plan plan, SnapshotRanges.Frozen frozen) {
    Context caller = sql.vertx().getOrCreateContext();
    List<SqlTableReader> opened = new ArrayList<>();
    int n = plan.size();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      int range = i;
      String rangeDescription = description + " (range " + (range + 1) + " of " + n + ")";
      chain = chain.compose(v -> rangeOpening.before(range, n))
          .compose(v -> Contexts.on(((VertxInternal) sql.vertx()).createEventLoopContext(),
              () -> SqlTableReader.open(sql, dialect, table, watermark, null, plan.predicates().get(range),
                  rangeDescription, warnings, connection -> snapshots.join(connection, frozen))))
          .map(reader -> {
            opened.add(reader);
            return null;
          });
    }
    return chain.<TableReader>map(v -> {
      LOG.info("{}: read by {} cursors in parallel under one snapshot", description, n);
      return new RangedReader(caller, opened, warnings);
    }).recover(e -> Future.join(opened.stream().map(SqlTableReader::close).toList())
        .transform(x -> Future.failedFuture(e)));
  }
}
