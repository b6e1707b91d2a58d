package io.lakeport.lake.iceberg;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Records into Parquet data files with Iceberg's generic writer: row groups of {@code rowGroupBytes}, a new
 * file once the current one reaches {@code targetFileBytes}. Each file is one upload through
 * {@link LakeFileIO}; {@link #abort} discards the open one, and the caller deletes the finished ones if the
 * table is not committed. Blocking: call it on a worker or virtual thread, from one thread at a time.
 */
public final class RollingDataWriter implements AutoCloseable {

  public record Limits(long rowGroupBytes, long targetFileBytes) {
  }

  private final Schema schema;
  private final SortOrder sortOrder;
  private final Limits limits;
  private final IntFunction<LakeFileIO.LakeOutputFile> files;
  private final List<DataFile> written = new ArrayList<>();

  private DataWriter<Record> current;
  private LakeFileIO.LakeOutputFile currentFile;
  private int sequence;
  private long rows;

  /** @param files the output file of the n-th data file of this writer (1, 2, ...) */
  public RollingDataWriter(Schema schema, SortOrder sortOrder, Limits limits,
                           IntFunction<LakeFileIO.LakeOutputFile> files) {
    this.schema = schema;
    this.sortOrder = sortOrder;
    this.limits = limits;
    this.files = files;
  }

  public void write(Record record) {
    try {
      if (current == null) {
        currentFile = files.apply(++sequence);
        current = Parquet.writeData(currentFile)
            .schema(schema)
            .createWriterFunc(GenericParquetWriter::create)
            .withSpec(PartitionSpec.unpartitioned())
            .withSortOrder(sortOrder)
            .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, Long.toString(limits.rowGroupBytes()))
            .set(TableProperties.PARQUET_COMPRESSION, "zstd")
            .overwrite()
            .build();
      }
      current.write(record);
      rows++;
      if (current.length() >= limits.targetFileBytes()) {
        closeCurrent();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long rows() {
    return rows;
  }

  /** Closes the open file; the data files written, in order. */
  public List<DataFile> finish() {
    try {
      closeCurrent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(written);
  }

  /** Files completed so far (to delete when the table is not committed). */
  public List<DataFile> completed() {
    return List.copyOf(written);
  }

  /**
   * Gives up the open file without completing it: the caller aborts its upload
   * ({@link LakeFileIO.LakeOutputFile#abortAsync}); null when no file is open.
   */
  public LakeFileIO.LakeOutputFile detachOpenFile() {
    LakeFileIO.LakeOutputFile file = currentFile;
    current = null;
    currentFile = null;
    return file;
  }

  private void closeCurrent() throws IOException {
    if (current == null) {
      return;
    }
    DataWriter<Record> writer = current;
    current = null;
    writer.close();
    currentFile = null;
    written.add(writer.toDataFile());
  }

  @Override
  public void close() {
    finish();
  }
}
