package io.lakeport.ops.bridge;

import io.lakeport.metrics.LakeportMetrics;
import io.lakeport.config.LakeportConfig.BridgeConfig;
import io.lakeport.deploy.ListenException;
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
 * Clients reach it through {@link BridgeGuard}, which checks each frame first (size, JSON). Every frame is logged, refused ones as warnings, and counted in {@code lakeport_bridge_frames_total}.
 * Refusals are answered with an {@code err} frame: {@code "access_denied"} for an address outside the
 * allow-list, {@code "blocked by bridgeEvent handler"} for any publish.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private final BridgeConfig config;
  private TcpEventBusBridge bridge;
  private BridgeGuard guard;

  public BridgeVerticle(BridgeConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    int innerPort;
    try {
      innerPort = freeLoopbackPort();
    } catch (java.io.IOException e) {
      return Future.failedFuture(ListenException.noFreeLoopbackPort("bridge", "the inner bridge", e));
    }
    bridge = TcpEventBusBridge.create(vertx, BridgePolicy.options(), new NetServerOptions(), this::onEvent);
    guard = new BridgeGuard(vertx, config.maxFrameBytes(), innerPort);
    return bridge.listen(innerPort, "127.0.0.1")
        .compose(b -> guard.listen(config.host(), config.port()))
        .onSuccess(b -> LOG.info("event-bus bridge listening on {}:{}, inbound {}, outbound {}, frames up to {} bytes",
            config.host(), config.port(), BridgePolicy.INBOUND, BridgePolicy.OUTBOUND, config.maxFrameBytes()))
        .recover(e -> Future.failedFuture(ListenException.cannotListen("bridge", config.host(), config.port(),
            "bridge.host/bridge.port", e)));
  }

  /** A port for the inner bridge, which only the guard connects to (loopback). */
  private static int freeLoopbackPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void onEvent(BridgeEvent event) {
    // The bridge asks before it checks its allow-list: log what it will decide, and let it decide, except
    // for publish, which its inbound list would allow to the trigger addresses and which nothing needs.
    JsonObject frame = event.getRawMessage();
    if (event.type() == BridgeEventType.PUBLISH) {
      LOG.warn("bridge {} publish {} refused: tooling sends, it does not publish",
          event.socket() == null ? null : guard.clientOf(event.socket().remoteAddress()),
          frame == null ? null : frame.getString("address"));
      LakeportMetrics.current().bridgeFrame("publish", false);
      event.complete(false);
      return;
    }
    if (event.type() != BridgeEventType.REGISTERED && frame != null) {
      String type = frame.getString("type", "?");
      String address = frame.getString("address");
      SocketAddress peer = event.socket() == null ? null : guard.clientOf(event.socket().remoteAddress());
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
    Future<Void> front = guard == null ? Future.succeededFuture() : guard.close();
    return front.eventually(() -> bridge == null ? Future.succeededFuture() : bridge.close());
  }
}
