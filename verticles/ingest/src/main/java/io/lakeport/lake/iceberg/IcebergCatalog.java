package io.lakeport.lake.iceberg;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

import java.util.List;
import java.util.Map;

/**
 * Lakeport's Iceberg catalog: Iceberg's JDBC catalog (the {@code iceberg_tables} of a PostgreSQL database,
 * schema version V1 as Trino reads it) with {@link LakeFileIO} for the files. A table's write is a
 * {@link TableWrite}: the schema change and the new contents are one transaction, committed as one
 * snapshot only after every data file is complete, so readers see the previous snapshot or the new one.
 *
 * <p>Blocking (JDBC and S3 calls): use it on worker or virtual threads.
 */
public final class IcebergCatalog implements AutoCloseable {

  /**
   * @param name     the catalog name in {@code iceberg_tables}; Trino's {@code iceberg.jdbc-catalog.catalog-name}
   * @param uri      JDBC URL of the catalog database
   * @param warehouse default location of tables created without one
   */
  public record Settings(String name, String uri, String user, String password, String warehouse) {
  }

  private final JdbcCatalog catalog;

  public IcebergCatalog(Settings settings, FileIO io) {
    catalog = new JdbcCatalog(properties -> io, null, true);
    catalog.initialize(settings.name(), Map.of(
        CatalogProperties.URI, settings.uri(),
        JdbcCatalog.PROPERTY_PREFIX + "user", settings.user(),
        JdbcCatalog.PROPERTY_PREFIX + "password", settings.password(),
        // Trino 476 reads (and requires) the V1 layout; Iceberg's default is still V0.
        "jdbc.schema-version", "V1",
        CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse()));
  }

  /** The table if it exists, else null. */
  public Table load(TableIdentifier id) {
    return catalog.tableExists(id) ? catalog.loadTable(id) : null;
  }

  /**
   * Starts a write of {@code id} with the source's schema: a new table (format version 2, Parquet, sorted by
   * {@code sortColumns}, at {@code location}) or the existing one with {@code schema} merged in (added
   * columns, widened types). An incompatible change fails here, before any file is written.
   */
  public TableWrite begin(TableIdentifier id, Schema schema, List<String> sortColumns, String location) {
    Namespace namespace = id.namespace();
    if (!catalog.namespaceExists(namespace)) {
      try {
        catalog.createNamespace(namespace);
      } catch (AlreadyExistsException e) {
        // another run created it meanwhile
      }
    }
    Transaction tx;
    Table base = null;
    if (catalog.tableExists(id)) {
      base = catalog.loadTable(id);
      tx = base.newTransaction();
      try {
        tx.updateSchema().unionByNameWith(schema).commit();
      } catch (IllegalArgumentException e) {
        throw new SchemaChangeException(id.toString(), e.getMessage(), e);
      }
    } else {
      SortOrder.Builder order = SortOrder.builderFor(schema);
      sortColumns.forEach(order::asc);
      tx = catalog.buildTable(id, schema)
          .withLocation(location)
          .withSortOrder(order.build())
          .withProperty(TableProperties.FORMAT_VERSION, "2")
          .withProperty(TableProperties.DEFAULT_FILE_FORMAT, "parquet")
          .withProperty(TableProperties.PARQUET_COMPRESSION, "zstd")
          .createTransaction();
    }
    return new TableWrite(id, base, tx);
  }

  /** Drops the table and its files (for tests and rebuilds). */
  public boolean drop(TableIdentifier id) {
    return catalog.dropTable(id, true);
  }

  @Override
  public void close() throws Exception {
    catalog.close();
  }

  /** One table's pending change; nothing of it is visible before {@link #commitReplace}. */
  public static final class TableWrite {
    private final TableIdentifier id;
    private final Table base;
    private final Transaction tx;

    private TableWrite(TableIdentifier id, Table base, Transaction tx) {
      this.id = id;
      this.base = base;
      this.tx = tx;
    }

    /** The table as it was when the write began; null for a new table. */
    public Table baseTable() {
      return base;
    }

    public TableIdentifier id() {
      return id;
    }

    /** The schema data files must be written with (the table's ids, the source's columns). */
    public Schema schema() {
      return tx.table().schema();
    }

    public SortOrder sortOrder() {
      return tx.table().sortOrder();
    }

    /** Where the table's data files go, without a trailing slash. */
    public String dataLocation() {
      String location = tx.table().locationProvider().newDataLocation("");
      return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }

    /** Replaces the table's rows with {@code files}: the schema change and the new rows in one snapshot. */
    public void commitReplace(List<DataFile> files, Map<String, String> summary) {
      OverwriteFiles overwrite = tx.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
      files.forEach(overwrite::addFile);
      summary.forEach(overwrite::set);
      overwrite.commit();
      tx.commitTransaction();
    }

    /**
     * Adds {@code files} and {@code deletes} (position deletes against the base snapshot's files) in one
     * snapshot; fails if another writer committed since the base (its rows could escape the deletes).
     */
    public void commitDelta(List<DataFile> files, List<DeleteFile> deletes, Map<String, String> summary) {
      RowDelta delta = tx.newRowDelta();
      files.forEach(delta::addRows);
      deletes.forEach(delta::addDeletes);
      if (base != null && base.currentSnapshot() != null) {
        delta.validateFromSnapshot(base.currentSnapshot().snapshotId()).validateNoConflictingDataFiles()
            .validateDeletedFiles();
      }
      summary.forEach(delta::set);
      delta.commit();
      tx.commitTransaction();
    }

    /** The snapshot the commit made. */
    public long committedSnapshotId() {
      return tx.table().currentSnapshot().snapshotId();
    }
  }
}
