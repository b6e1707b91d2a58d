package io.lakeport.ops;

import io.lakeport.config.LakeportConfig.BridgeConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for tooling (the {@code bridge} group) on {@code bridge.host:bridge.port}, with
 * the {@link BridgePolicy} allow-list. Frames are 4-byte big-endian lengths followed by JSON
 * ({@code {"type": "send"|"publish"|"register"|"unregister"|"ping", "address", "replyAddress", "body"}}).
 * Every frame is logged, refused ones as warnings, and counted in {@code lakeport_bridge_frames_total}.
 * Refusals are answered with an {@code err} frame: {@code "access_denied"} for an address outside the
 * allow-list, {@code "blocked by bridgeEvent handler"} for any publish.
 */
final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private final BridgeConfig config;
  private TcpEventBusBridge bridge;

  BridgeVerticle(BridgeConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    bridge = TcpEventBusBridge.create(vertx, BridgePolicy.options(), new NetServerOptions(), this::onEvent);
    return bridge.listen(config.port(), config.host())
        .onSuccess(b -> LOG.info("event-bus bridge listening on {}:{}, inbound {}, outbound {}",
            config.host(), config.port(), BridgePolicy.INBOUND, BridgePolicy.OUTBOUND))
        .recover(e -> Future.failedFuture("bridge: cannot listen on " + config.host() + ":" + config.port()
            + " (bridge.host/bridge.port): " + e.getMessage()));
  }

  private void onEvent(BridgeEvent event) {
    // The bridge asks before it checks its allow-list: log what it will decide, and let it decide, except
    // for publish, which its inbound list would allow to the trigger addresses and which nothing needs.
    JsonObject frame = event.getRawMessage();
    if (event.type() == BridgeEventType.PUBLISH) {
      LOG.warn("bridge {} publish {} refused: tooling sends, it does not publish",
          event.socket() == null ? null : event.socket().remoteAddress(), frame == null ? null : frame.getString("address"));
      LakeportMetrics.current().bridgeFrame("publish", false);
      event.complete(false);
      return;
    }
    if (event.type() != BridgeEventType.REGISTERED && frame != null) {
      String type = frame.getString("type", "?");
      String address = frame.getString("address");
      SocketAddress peer = event.socket() == null ? null : event.socket().remoteAddress();
      boolean allowed = BridgePolicy.allows(type, address);
      if (type.equals("ping")) {
        LOG.debug("bridge {} ping", peer);
      } else if (allowed) {
        LOG.info("bridge {} {} {}{}", peer, type, address,
            frame.getString("replyAddress") == null ? "" : " (reply expected)");
      } else {
        LOG.warn("bridge {} {} {} refused: not in the allow-list", peer, type, address);
      }
      LakeportMetrics.current().bridgeFrame(type, allowed);
    }
    event.complete(true);
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
