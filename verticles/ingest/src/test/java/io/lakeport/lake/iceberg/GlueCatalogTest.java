package io.lakeport.lake.iceberg;

import io.vertx.core.Vertx;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.FileIO;

/** {@link GlueCatalogContract} with the files in memory: the Glue path alone, without a store. */
class GlueCatalogTest extends GlueCatalogContract {

  private InMemoryFileIO io;

  @Override
  FileIO openIO(Vertx vertx) {
    io = new InMemoryFileIO();
    return io;
  }

  @Override
  String location(String name) {
    return "s3://glue-unit/iceberg/" + name;
  }

  @Override
  void closeIO() {
    io.close();
  }
}
