package io.lakeport.lake;

import org.apache.parquet.io.ParquetEncodingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class LakeWriteExceptionTest {

  @Test
  void theStoreFailureUnderAParquetWrapperIsWhatTheRunReports() {
    LakeWriteException store = new LakeWriteException("could not start an upload to s3://b/iceberg/t/data/f.parquet: 502");
    RuntimeException parquet = new ParquetEncodingException("Failed to flush row group",
        new UncheckedIOException(new IOException(store.getMessage(), store)));

    assertThat(LakeWriteException.storeFailureIn(parquet)).isSameAs(store);
  }

  @Test
  void aFailureWithoutAStoreCauseIsKept() {
    IllegalStateException own = new IllegalStateException("bad record", new IOException("not the store"));

    assertThat(LakeWriteException.storeFailureIn(own)).isSameAs(own);
  }
}
