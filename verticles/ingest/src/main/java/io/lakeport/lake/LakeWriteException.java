package io.lakeport.lake;

import java.util.concurrent.CompletionException;

/** Writing to the lake failed; the message names the object and the store's answer. */
public final class LakeWriteException extends RuntimeException {

  public LakeWriteException(String message) {
    super(message);
  }

  public LakeWriteException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The store failure behind {@code e} when there is one: Parquet and Iceberg wrap the failure of the stream
   * they write to in their own exceptions ("Failed to flush row group"), which would hide which object could
   * not be written and what the store answered.
   */
  public static RuntimeException storeFailureIn(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof LakeWriteException lake) {
        return lake;
      }
    }
    return e;
  }

  /** The useful part of an SDK failure (they arrive wrapped in CompletionException). */
  public static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
