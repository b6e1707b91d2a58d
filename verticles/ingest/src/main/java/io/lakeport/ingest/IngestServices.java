package io.lakeport.ingest;

import io.lakeport.catalog.Catalog;
import io.lakeport.config.LakeportConfig;
import io.lakeport.lake.LakeJanitor;
import io.lakeport.lake.LakeStore;
import io.lakeport.lake.iceberg.IcebergLake;
import io.vertx.core.Vertx;

/** What every run of one ingest process shares ({@code iceberg}: the Iceberg lake of format iceberg sources). */
record IngestServices(Vertx vertx, LakeportConfig config, LakeStore store, LakeJanitor janitor, Catalog catalog,
                      SourceFactory sources, IcebergLake iceberg) {
}
