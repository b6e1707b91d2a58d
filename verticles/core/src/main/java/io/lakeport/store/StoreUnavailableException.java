package io.lakeport.store;

/** A bucket of the lake that the store did not answer for: missing, refused, or the store unreachable. */
public final class StoreUnavailableException extends RuntimeException {

  private final String bucket;

  public StoreUnavailableException(String bucket, Throwable cause) {
    super("the store does not answer for bucket " + bucket + ": " + cause.getMessage(), cause);
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }
}
