package io.lakeport.source;

/**
 * A requested table (or collection) the source does not hold. The message names it and lists the tables
 * the source has, so the caller can answer "not found, these exist" before a run starts.
 */
public final class UnknownTableException extends IllegalArgumentException {

  public UnknownTableException(String message) {
    super(message);
  }
}
