package io.lakeport.ops.bridge;

import io.lakeport.run.IngestAddresses;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;

import java.util.List;

/**
 * What tooling may do through the TCP event-bus bridge: send to the ingest trigger and status addresses
 * (with a reply), and listen to progress. Exact addresses, no patterns: nothing else on the bus is
 * reachable, in particular not the data path between sources and the lake writer (private per-transfer
 * addresses), and no one can publish fake progress. Everything else is answered with an {@code err} frame,
 * {@code "message": "access_denied"}.
 */
public final class BridgePolicy {

  /** Addresses a client may send to (with {@code replyAddress} to get the answer). */
  public static final List<String> INBOUND =
      List.of(IngestAddresses.START, IngestAddresses.STATUS, IngestAddresses.RUNS, IngestAddresses.CANCEL);
  /** Addresses a client may register on. */
  public static final List<String> OUTBOUND = List.of(IngestAddresses.PROGRESS);

  private BridgePolicy() {
  }

  public static BridgeOptions options() {
    BridgeOptions options = new BridgeOptions();
    INBOUND.forEach(a -> options.addInboundPermitted(new PermittedOptions().setAddress(a)));
    OUTBOUND.forEach(a -> options.addOutboundPermitted(new PermittedOptions().setAddress(a)));
    return options;
  }

  /**
   * Whether the bridge lets a frame through, as the bridge itself decides with {@link #options()}; used to
   * log refusals. {@code send} to a reply address the bridge handed the client is let through by the bridge
   * itself and is not covered here.
   */
  public static boolean allows(String type, String address) {
    return switch (type) {
      case "send" -> INBOUND.contains(address);
      case "register", "unregister" -> OUTBOUND.contains(address);
      case "ping" -> true;
      default -> false;
    };
  }
}
