package io.lakeport.ingest.transfer;

/** A transfer ended because one side failed; the message says which side and why. */
public final class TransferException extends RuntimeException {

  public TransferException(String message) {
    super(message);
  }

  public TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
