package io.lakeport.lake.iceberg;

import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FileIO} standing for one that {@link IcebergCatalog} handed over. Iceberg's Glue catalog takes
 * no FileIO instance: each table's operations build their own from the class named by the catalog property
 * {@code io-impl} (a no-argument constructor, then {@link #initialize}). The catalog therefore registers its
 * {@link LakeFileIO} under a handle ({@link #register}), names this class and passes the handle as the
 * property {@value #HANDLE_PROPERTY}; every instance Iceberg builds forwards to the registered one, so the
 * Glue path writes through the same S3 client and multipart uploads as the JDBC path.
 *
 * <p>Closing an instance does not close the registered FileIO: Iceberg closes the ones it built when their
 * table operations are collected, while the catalog (and its owner) still use the shared one.
 */
public final class CatalogFileIO implements FileIO {

  /** The catalog property that names the registered FileIO. */
  public static final String HANDLE_PROPERTY = "lakeport.file-io-handle";

  private static final Map<String, FileIO> REGISTERED = new ConcurrentHashMap<>();

  private FileIO delegate;
  private Map<String, String> properties = Map.of();

  /** Called by Iceberg (by class name), before {@link #initialize}. */
  public CatalogFileIO() {
  }

  /** Registers {@code io} for the instances Iceberg builds; the handle goes into the catalog's properties. */
  static String register(FileIO io) {
    String handle = UUID.randomUUID().toString();
    REGISTERED.put(handle, io);
    return handle;
  }

  static void unregister(String handle) {
    REGISTERED.remove(handle);
  }

  @Override
  public void initialize(Map<String, String> catalogProperties) {
    String handle = catalogProperties.get(HANDLE_PROPERTY);
    FileIO io = handle == null ? null : REGISTERED.get(handle);
    if (io == null) {
      throw new IllegalStateException("no FileIO registered under " + HANDLE_PROPERTY + "=" + handle
          + " (the catalog that registered it is closed, or it was never registered)");
    }
    this.delegate = io;
    this.properties = Map.copyOf(catalogProperties);
  }

  private FileIO delegate() {
    if (delegate == null) {
      throw new IllegalStateException("CatalogFileIO used before initialize");
    }
    return delegate;
  }

  @Override
  public InputFile newInputFile(String path) {
    return delegate().newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate().newInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return delegate().newOutputFile(path);
  }

  @Override
  public void deleteFile(String path) {
    delegate().deleteFile(path);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public void close() {
    // The registered FileIO belongs to the catalog's owner; see the class comment.
  }
}
