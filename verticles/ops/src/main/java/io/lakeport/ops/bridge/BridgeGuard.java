package io.lakeport.ops.bridge;

import io.lakeport.metrics.LakeportMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's front door on {@code bridge.host:bridge.port}. Vert.x's TCP bridge reads whatever length a
 * frame announces (a 2 GiB prefix means buffering 2 GiB) and has no answer for a frame that is not JSON, so
 * clients connect here and each connection is relayed, frame by frame after {@link BridgeFrames#parser}
 * checked it, to that bridge on a loopback port of its own. The answers, documented in docs/operations.md:
 *
 * <ul>
 *   <li>a frame that is not a JSON object: {@code {"type":"err","message":"invalid_json"}}; the connection
 *       goes on with the next frame;</li>
 *   <li>a length prefix outside 1..{@code bridge.maxFrameBytes}: {@code {"type":"err","message":
 *       "frame_too_large","maxFrameBytes":N}}, then the connection is closed, none of the frame read.</li>
 * </ul>
 * The bridge's replies go back to the client byte for byte.
 */
final class BridgeGuard {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final Vertx vertx;
  private final int maxFrameBytes;
  private final int innerPort;
  /** The relay's local port toward the inner bridge, to the client's address: what the logs name. */
  private final Map<Integer, SocketAddress> clients = new ConcurrentHashMap<>();
  private NetServer server;
  private NetClient client;

  BridgeGuard(Vertx vertx, int maxFrameBytes, int innerPort) {
    this.vertx = vertx;
    this.maxFrameBytes = maxFrameBytes;
    this.innerPort = innerPort;
  }

  Future<Void> listen(String host, int port) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(port, host).mapEmpty();
  }

  /** The client behind a connection the inner bridge sees (from the relay); {@code inner} when unknown. */
  SocketAddress clientOf(SocketAddress inner) {
    return inner == null ? null : clients.getOrDefault(inner.port(), inner);
  }

  Future<Void> close() {
    Future<Void> servers = server == null ? Future.succeededFuture() : server.close();
    return servers.eventually(() -> client == null ? Future.succeededFuture() : client.close());
  }

  private void accept(NetSocket outside) {
    SocketAddress peer = outside.remoteAddress();
    outside.pause();
    client.connect(innerPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        LOG.warn("bridge {}: the inner bridge did not accept the connection: {}", peer, connected.cause().getMessage());
        outside.close();
        return;
      }
      NetSocket inside = connected.result();
      int relayPort = inside.localAddress().port();
      clients.put(relayPort, peer);
      inside.handler(outside::write);
      inside.closeHandler(v -> {
        clients.remove(relayPort);
        outside.close();
      });
      outside.closeHandler(v -> inside.close());
      outside.handler(BridgeFrames.parser(maxFrameBytes, new BridgeFrames.FrameHandler() {
        @Override
        public void frame(JsonObject frame, Buffer encoded) {
          inside.write(encoded);
        }

        @Override
        public void notJson(String reason) {
          LOG.warn("bridge {}: a frame is not a JSON object, answered invalid_json: {}", peer, reason);
          LakeportMetrics.current().bridgeFrame("invalid", false);
          outside.write(BridgeFrames.encode(new JsonObject().put("type", "err").put("message", "invalid_json")));
        }

        @Override
        public void badLength(int length) {
          LOG.warn("bridge {}: a frame announces {} bytes (bridge.maxFrameBytes {}): closing the connection",
              peer, Integer.toUnsignedLong(length), maxFrameBytes);
          LakeportMetrics.current().bridgeFrame("oversize", false);
          outside.write(BridgeFrames.encode(new JsonObject().put("type", "err").put("message", "frame_too_large")
              .put("maxFrameBytes", maxFrameBytes)))
              .eventually(outside::close);
        }
      }));
      outside.resume();
    });
  }
}
