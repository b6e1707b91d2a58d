package io.lakeport.ingest;

import io.lakeport.run.IngestAddresses;

/** A request the ingest group answers with a failure code of {@link IngestAddresses} and a reason. */
public final class IngestRefusal extends RuntimeException {

  private final int code;

  public IngestRefusal(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
