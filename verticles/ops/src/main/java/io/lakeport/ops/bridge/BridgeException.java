package io.lakeport.ops.bridge;

/**
 * An {@code err} frame from the bridge: the request was refused ({@code access_denied}), no one serves the
 * address ({@code NO_HANDLERS}), it timed out ({@code TIMEOUT}), or the service answered with a failure
 * ({@code RECIPIENT_FAILURE} with an {@code IngestAddresses} code such as 409 and its reason).
 */
public final class BridgeException extends RuntimeException {

  private final int failureCode;
  private final String failureType;

  public BridgeException(String message, int failureCode, String failureType) {
    super(message);
    this.failureCode = failureCode;
    this.failureType = failureType;
  }

  /** The failure code of the reply ({@code IngestAddresses.CONFLICT} etc.), or -1 when there is none. */
  public int failureCode() {
    return failureCode;
  }

  /** {@code RECIPIENT_FAILURE}, {@code NO_HANDLERS}, {@code TIMEOUT}, or null for a refused frame. */
  public String failureType() {
    return failureType;
  }
}
