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

  /** The useful part of an SDK failure (they arrive wrapped in CompletionException). */
  public static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
