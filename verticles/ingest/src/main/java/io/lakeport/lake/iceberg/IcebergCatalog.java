package io.lakeport.lake.iceberg;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.LockManager;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.aws.AwsProperties;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lakeport's Iceberg catalog: Iceberg's JDBC catalog (the {@code iceberg_tables} of a PostgreSQL database,
 * schema version V1 as Trino reads it) or Iceberg's Glue catalog (the AWS Glue Data Catalog, which Athena
 * reads), with {@link LakeFileIO} for the files either way. A table's write is a {@link TableWrite}: the
 * schema change and the new contents are one transaction, committed as one snapshot only after every data
 * file is complete, so readers see the previous snapshot or the new one.
 *
 * <p>Blocking (JDBC, Glue and S3 calls): use it on worker or virtual threads.
 */
public final class IcebergCatalog implements AutoCloseable {

  /**
   * @param name     the catalog name in {@code iceberg_tables}; Trino's {@code iceberg.jdbc-catalog.catalog-name}
   * @param uri      JDBC URL of the catalog database
   * @param warehouse default location of tables created without one
   */
  public record Settings(String name, String uri, String user, String password, String warehouse) {
  }

  /**
   * @param name      the catalog's name in Iceberg (logs and metrics; Glue has no such name)
   * @param warehouse {@code s3://bucket/prefix}: default location of tables created without one
   * @param catalogId the AWS account id whose Glue catalog holds the tables; null: the caller's account
   */
  public record GlueSettings(String name, String warehouse, String catalogId) {
  }

  private final Catalog catalog;
  private final SupportsNamespaces namespaces;
  private final Closeable closeable;
  /** The handle of the FileIO registered for the Glue catalog's table operations; null for JDBC. */
  private final String fileIOHandle;

  public IcebergCatalog(Settings settings, FileIO io) {
    this(jdbc(settings, io), null);
  }

  private <C extends Catalog & SupportsNamespaces & Closeable> IcebergCatalog(C catalog, String fileIOHandle) {
    this.catalog = catalog;
    this.namespaces = catalog;
    this.closeable = catalog;
    this.fileIOHandle = fileIOHandle;
  }

  private static JdbcCatalog jdbc(Settings settings, FileIO io) {
    JdbcCatalog catalog = new JdbcCatalog(properties -> io, null, true);
    Map<String, String> properties = new java.util.HashMap<>(Map.of(
        CatalogProperties.URI, settings.uri(),
        // Trino 476 reads (and requires) the V1 layout; Iceberg's default is still V0.
        "jdbc.schema-version", "V1",
        CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse()));
    // Both optional: a catalog database that trusts its clients, or takes the password from elsewhere.
    if (settings.user() != null) {
      properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", settings.user());
    }
    if (settings.password() != null) {
      properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", settings.password());
    }
    catalog.initialize(settings.name(), properties);
    return catalog;
  }

  /**
   * The Glue Data Catalog through {@code client}, with {@code io} for every file. Commits are optimistic:
   * an UpdateTable carries the Glue table's VersionId, so a concurrent commit makes Glue answer
   * ConcurrentModificationException and Iceberg retries on the new state (no lock table). {@code client}
   * is closed with the catalog.
   */
  public static IcebergCatalog glue(GlueSettings settings, GlueClient client, FileIO io) {
    String handle = CatalogFileIO.register(io);
    try {
      Map<String, String> properties = new HashMap<>();
      properties.put(CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse());
      properties.put(CatalogProperties.FILE_IO_IMPL, CatalogFileIO.class.getName());
      properties.put(CatalogFileIO.HANDLE_PROPERTY, handle);
      if (settings.catalogId() != null) {
        properties.put(AwsProperties.GLUE_CATALOG_ID, settings.catalogId());
      }
      GlueCatalog catalog = new GlueCatalog();
      // No LockManager: with none, Iceberg commits by Glue's table VersionId.
      glueInitialize().invoke(catalog, settings.name(), settings.warehouse(), new AwsProperties(properties),
          new S3FileIOProperties(properties), client, null, Map.copyOf(properties));
      return new IcebergCatalog(catalog, handle);
    } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
      // Nothing of a catalog that did not start stays behind: its FileIO handle and its client go.
      CatalogFileIO.unregister(handle);
      client.close();
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("could not initialize Iceberg's GlueCatalog: " + cause, cause);
    }
  }

  /**
   * {@code GlueCatalog}'s public {@code initialize(name, properties)} builds its own Glue client from string
   * properties (Iceberg's client factory, Apache HTTP client, Iceberg's credential settings). The overload
   * that takes a ready client is package-private (Iceberg's own tests use it): the one place Lakeport
   * reaches into Iceberg, which the Glue catalog tests exercise on every Iceberg upgrade.
   */
  private static Method glueInitialize() {
    try {
      Method method = GlueCatalog.class.getDeclaredMethod("initialize", String.class, String.class,
          AwsProperties.class, S3FileIOProperties.class, GlueClient.class, LockManager.class, Map.class);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("this Iceberg release's GlueCatalog has no initialize(name, warehouse, "
          + "AwsProperties, S3FileIOProperties, GlueClient, LockManager, Map): Lakeport's Glue catalog needs it", e);
    }
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
    if (!namespaces.namespaceExists(namespace)) {
      try {
        namespaces.createNamespace(namespace);
      } catch (RuntimeException e) {
        // Another table of the run (or another run) created it meanwhile: the JDBC catalog then fails on the
        // duplicate key (UncheckedSQLException), not with AlreadyExistsException, so look again.
        if (!namespaces.namespaceExists(namespace)) {
          throw e;
        }
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
    return new TableWrite(base, tx);
  }

  /** A write of {@code id} as it is, its schema unchanged (e.g. deletes only); null when the table does not exist. */
  public TableWrite beginExisting(TableIdentifier id) {
    Table base = load(id);
    return base == null ? null : new TableWrite(base, base.newTransaction());
  }

  /** Drops the table and its files (for tests and rebuilds). */
  public boolean drop(TableIdentifier id) {
    return catalog.dropTable(id, true);
  }

  @Override
  public void close() throws IOException {
    try {
      closeable.close();
    } finally {
      if (fileIOHandle != null) {
        CatalogFileIO.unregister(fileIOHandle);
      }
    }
  }

  /** One table's pending change; nothing of it is visible before {@link #commitReplace}. */
  public static final class TableWrite {
    private final Table base;
    private final Transaction tx;

    private TableWrite(Table base, Transaction tx) {
      this.base = base;
      this.tx = tx;
    }

    /** The table as it was when the write began; null for a new table. */
    public Table baseTable() {
      return base;
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
