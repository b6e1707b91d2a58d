package io.lakeport.lake.iceberg;

import io.lakeport.lake.LakeStore;
import io.lakeport.run.RunId;
import io.lakeport.store.LakeLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sweep of orphan data files in a source's Iceberg tables, at the start of each of its runs. A run
 * commits its data files only when all of them are complete; a process killed before that (or a failed run
 * whose clean-up the store refused) leaves completed Parquet files under the table's {@code data/} prefix
 * that no snapshot will ever name. Readers never see them; they only cost storage, until this sweep.
 *
 * <p>A file is an orphan when its name begins with the id of a run of this source other than the active one
 * ({@link RunId#leading}) and no snapshot of its table references it (read from every snapshot's manifests,
 * so a file an older snapshot still holds for time travel is kept). Files of other sources sharing the
 * bucket, files whose name carries no run id, metadata, and the folder of a table the catalog keeps
 * elsewhere are left alone. A source has one run at a time, so no other writer adds files meanwhile.
 *
 * @param vertx whose worker runs the catalog's blocking calls
 * @param lake  the catalog the snapshots are read from
 * @param store the listing and deletion of the data files
 */
public record IcebergOrphanFiles(Vertx vertx, IcebergLake lake, LakeStore store) {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergOrphanFiles.class);
  private static final String DATA_FOLDER = "data/";

  /**
   * Removes the orphan data files of the tables of {@code source} (engine names {@code tablePrefix} + the
   * table's folder) in {@code bucket}; completes with their keys. The catalog is only asked when a folder
   * holds a file of an earlier run; its blocking calls run on a worker.
   */
  public Future<List<String>> sweep(String bucket, String tablePrefix, String source, String activeRunId) {
    return store.listKeys(bucket, LakeLayout.ICEBERG_PREFIX).compose(keys -> {
      Map<String, List<String>> candidates = candidates(keys, source, activeRunId);
      if (candidates.isEmpty()) {
        return Future.succeededFuture(List.<String>of());
      }
      return lake.catalog()
          .compose(catalog -> vertx.executeBlocking(() -> orphans(catalog, bucket, tablePrefix, candidates), false))
          .compose(orphans -> store.delete(bucket, orphans).map(orphans))
          .onSuccess(orphans -> orphans.forEach(key -> LOG.info(
              "removed s3://{}/{}: a data file of run {} that no snapshot references", bucket, key,
              RunId.leading(fileName(key)))));
    });
  }

  /**
   * The data files of earlier runs of {@code source}, by table folder: keys
   * {@code iceberg/{table}/data/{runId}-…} whose run id is the source's and not {@code activeRunId}.
   */
  static Map<String, List<String>> candidates(List<String> keys, String source, String activeRunId) {
    Map<String, List<String>> byTable = new TreeMap<>();
    for (String key : keys) {
      if (!key.startsWith(LakeLayout.ICEBERG_PREFIX)) {
        continue;
      }
      String rest = key.substring(LakeLayout.ICEBERG_PREFIX.length());
      int slash = rest.indexOf('/');
      if (slash <= 0 || !rest.startsWith(DATA_FOLDER, slash + 1)) {
        continue;
      }
      String run = RunId.leading(fileName(key));
      if (run != null && RunId.belongsTo(run, source) && !run.equals(activeRunId)) {
        byTable.computeIfAbsent(rest.substring(0, slash), t -> new ArrayList<>()).add(key);
      }
    }
    return byTable;
  }

  /** Blocking: the candidates that no snapshot of their table references. */
  private List<String> orphans(IcebergCatalog catalog, String bucket, String tablePrefix,
                               Map<String, List<String>> candidates) {
    List<String> orphans = new ArrayList<>();
    candidates.forEach((folder, keys) -> {
      String location = IcebergLake.location(bucket, folder);
      Table table = catalog.load(lake.identifier(tablePrefix + folder));
      if (table != null && !withoutScheme(table.location()).equals(withoutScheme(location))) {
        LOG.warn("not sweeping {}: the catalog's table {} lives at {}", location, table.name(), table.location());
        return;
      }
      Set<String> referenced = table == null ? Set.of() : referencedFiles(table);
      keys.stream().filter(key -> !referenced.contains(bucket + "/" + key)).forEach(orphans::add);
    });
    return orphans;
  }

  /**
   * Blocking: every data and delete file that a snapshot of {@code table} references, as {@code bucket/key}
   * (no scheme): the live entries of every manifest of every snapshot, each manifest read once.
   */
  static Set<String> referencedFiles(Table table) {
    Set<String> manifests = new HashSet<>();
    Set<String> files = new HashSet<>();
    try {
      for (Snapshot snapshot : table.snapshots()) {
        for (ManifestFile manifest : snapshot.allManifests(table.io())) {
          if (!manifests.add(manifest.path())) {
            continue;
          }
          if (manifest.content() == ManifestContent.DATA) {
            try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io())) {
              paths.forEach(path -> files.add(withoutScheme(path)));
            }
          } else {
            try (ManifestReader<DeleteFile> deletes = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
              deletes.forEach(file -> files.add(withoutScheme(file.location())));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the manifests of " + table.name(), e);
    }
    return files;
  }

  private static String withoutScheme(String location) {
    int scheme = location.indexOf("://");
    String path = scheme < 0 ? location : location.substring(scheme + 3);
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
