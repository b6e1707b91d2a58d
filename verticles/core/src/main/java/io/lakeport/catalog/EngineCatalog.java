package io.lakeport.catalog;

import io.lakeport.run.RunMode;
import io.lakeport.query.ResultColumn;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@link Catalog} through the engine's own DDL, one dialect per engine. A lake table is two engine
 * objects (see {@link TableDefinition}): a physical table partitioned by {@code snapshot} and {@code dt},
 * and the view readers query, which selects one snapshot of it. Publishing a commit:
 *
 * <ol>
 *   <li>creates the schema once, when missing;</li>
 *   <li>creates the physical table for the commit's schema when missing (a changed schema gets a new one);</li>
 *   <li>registers the commit's days of its snapshot (after a schema change in an incremental run, also the days
 *   the snapshot already had in the previous physical table);</li>
 *   <li>replaces the view with one that selects the commit's snapshot from that physical table: for a full run
 *   this is the switch from the previous snapshot, atomic in the engine, done only once the new snapshot's
 *   partitions are all there; for an incremental run the definition is the one it already had;</li>
 *   <li>drops the physical tables of earlier schemas, which the view no longer uses (the data stays).</li>
 * </ol>
 * Every step is idempotent, so publishing the same commit again changes nothing, and publishing after a
 * failure completes what the failed attempt left. Statements run one after another; the ingest side
 * publishes one commit of a table at a time.
 */
public final class EngineCatalog implements Catalog {

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{8}");

  private final CatalogDialect dialect;
  private final Statements statements;
  private Future<Void> schemaReady;

  public EngineCatalog(CatalogDialect dialect, Statements statements) {
    this.dialect = dialect;
    this.statements = statements;
  }

  public CatalogDialect dialect() {
    return dialect;
  }

  @Override
  public Future<Void> publish(CommittedTable table) {
    TableDefinition definition;
    List<String> days;
    try {
      definition = TableDefinition.of(table);
      TableDefinition.checkSnapshotId(table.snapshotId());
      Set<String> distinctDays = new TreeSet<>();
      for (String day : table.days()) {
        distinctDays.add(TableDefinition.parseDay(day).toString());
      }
      days = List.copyOf(distinctDays);
      if (table.mode() == null) {
        throw new IllegalArgumentException("run mode of " + table.engineTable() + " is missing");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String snapshotId = table.snapshotId();
    if (table.iceberg() != null) {
      return publishIceberg(table, definition);
    }
    return ensureSchema()
        .compose(v -> physicalTables(definition))
        .compose(existing -> {
          boolean exists = existing.contains(definition.physical());
          List<String> older = existing.stream().filter(name -> !name.equals(definition.physical())).toList();
          Future<Void> created = exists ? Future.succeededFuture() : run(dialect.createTable(definition));
          // A new physical table in an incremental run must also get the days the snapshot already had.
          boolean carryOver = !exists && table.mode() == RunMode.INCREMENTAL && !dialect.registersByListing();
          return created
              .compose(v -> carryOver ? daysIn(older, snapshotId) : Future.succeededFuture(Set.<String>of()))
              .compose(carried -> register(definition, snapshotId, days, carried))
              .compose(v -> run(dialect.createOrReplaceView(definition, snapshotId)))
              .compose(v -> sequentially(older.stream().map(dialect::dropTable).toList()));
        })
        .recover(e -> Future.failedFuture(new CatalogException("publishing " + table.engineTable()
            + " (snapshot " + snapshotId + ", " + table.mode() + ") in " + dialect.name() + " failed: "
            + e.getMessage(), e)));
  }

  /**
   * An Iceberg table is already committed (its snapshot is the switch): the view readers query is replaced
   * by one over it, and physical JSON Lines tables left from when the source was format jsonl are dropped.
   */
  private Future<Void> publishIceberg(CommittedTable table, TableDefinition definition) {
    Future<String> view;
    try {
      view = Future.succeededFuture(dialect.createOrReplaceIcebergView(definition, table.iceberg()));
    } catch (RuntimeException e) {
      view = Future.failedFuture(e);
    }
    return view.compose(sql -> ensureSchema().compose(v -> run(sql)))
        .compose(v -> physicalTables(definition))
        .compose(older -> sequentially(older.stream().map(dialect::dropTable).toList()))
        .recover(e -> Future.failedFuture(new CatalogException("publishing the view of " + table.engineTable()
            + " over Iceberg table " + table.iceberg().table() + " in " + dialect.name() + " failed: "
            + e.getMessage(), e)));
  }

  /** The statements run one after another: a compaction and an expiry of the same table must not overlap. */
  @Override
  public Future<Void> upkeep(IcebergSource table, boolean optimize, int retentionDays) {
    List<String> sqls;
    try {
      sqls = dialect.icebergUpkeep(table, optimize, retentionDays);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return sequentially(sqls).recover(e -> Future.failedFuture(new CatalogException("upkeep of Iceberg table "
        + table.namespace() + "." + table.table() + " in " + dialect.name() + " failed: " + e.getMessage(), e)));
  }

  @Override
  public Future<List<CatalogTable>> tables() {
    // A schema that does not exist yet simply has no views: listing creates nothing.
    return statements.run(dialect.listViewColumns())
        .map(rows -> {
          Map<String, List<ResultColumn>> columns = new LinkedHashMap<>();
          Map<String, ViewComment> comments = new LinkedHashMap<>();
          for (List<Object> row : rows) {
            String name = (String) row.get(0);
            columns.computeIfAbsent(name, k -> new ArrayList<>())
                .add(new ResultColumn((String) row.get(1), (String) row.get(2)));
            // Only Lakeport's own views carry a ViewComment; a user's view may carry anything.
            comments.putIfAbsent(name, ViewComment.parse(row.get(3)));
          }
          List<CatalogTable> tables = new ArrayList<>(columns.size());
          columns.forEach((name, cols) -> {
            ViewComment comment = comments.get(name);
            tables.add(new CatalogTable(name, cols, comment.location(), comment.primaryKey(), comment.jsonColumns(),
                comment.iceberg()));
          });
          return tables;
        });
  }

  /** Creates the schema on first use; a failure is not remembered, the next call tries again. */
  private synchronized Future<Void> ensureSchema() {
    if (schemaReady == null) {
      Future<Void> attempt = run(dialect.createSchema());
      schemaReady = attempt;
      attempt.onFailure(e -> {
        synchronized (this) {
          if (schemaReady == attempt) {
            schemaReady = null;
          }
        }
      });
    }
    return schemaReady;
  }

  /** The physical tables behind the definition's view, with any fingerprint. */
  private Future<List<String>> physicalTables(TableDefinition definition) {
    String prefix = definition.physicalPrefix();
    return statements.run(dialect.listPhysicalTables(definition)).map(rows -> rows.stream()
        .map(row -> (String) row.getFirst())
        .filter(name -> name.startsWith(prefix) && FINGERPRINT.matcher(name.substring(prefix.length())).matches())
        .sorted()
        .toList());
  }

  private Future<Set<String>> daysIn(List<String> physicalTables, String snapshotId) {
    Future<Set<String>> days = Future.succeededFuture(new TreeSet<>());
    for (String physical : physicalTables) {
      days = days.compose(found -> partitionDays(physical, snapshotId).map(more -> {
        found.addAll(more);
        return found;
      }));
    }
    return days;
  }

  private Future<Set<String>> partitionDays(String physical, String snapshotId) {
    return statements.run(dialect.listPartitionDays(physical, snapshotId)).map(rows -> {
      Set<String> days = new TreeSet<>();
      rows.forEach(row -> days.add(String.valueOf(row.getFirst())));
      return days;
    });
  }

  private Future<Void> register(TableDefinition definition, String snapshotId, List<String> days, Set<String> carried) {
    Set<String> wanted = new TreeSet<>(days);
    wanted.addAll(carried);
    return sequentially(dialect.registerPartitions(definition, snapshotId, List.copyOf(wanted)));
  }

  private Future<Void> sequentially(List<String> sqls) {
    Future<Void> chain = Future.succeededFuture();
    for (String sql : sqls) {
      chain = chain.compose(v -> run(sql));
    }
    return chain;
  }

  private Future<Void> run(String sql) {
    return statements.run(sql).mapEmpty();
  }
}
