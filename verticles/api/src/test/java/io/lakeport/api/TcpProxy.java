package io.lakeport.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a real service, which a test stops (nothing listens on its port any more, and
 * open connections are cut) and starts again on the same port: the engine "going away" and "coming back"
 * without touching the shared engine itself.
 */
final class TcpProxy {

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  /** Listens on {@code port} (0: any free port the first time). */
  Future<Integer> start(int port) {
    server = vertx.createNetServer().connectHandler(inbound -> {
      inbound.pause();
      open.add(inbound);
      client.connect(targetPort, targetHost).onComplete(connected -> {
        if (connected.failed()) {
          inbound.close();
          return;
        }
        NetSocket outbound = connected.result();
        open.add(outbound);
        inbound.pipeTo(outbound);
        outbound.pipeTo(inbound);
        inbound.closeHandler(v -> open.remove(inbound));
        outbound.closeHandler(v -> open.remove(outbound));
        inbound.resume();
      });
    });
    return server.listen(port, "127.0.0.1").map(s -> {
      this.port = s.actualPort();
      return this.port;
    });
  }

  /** Stops listening and cuts every relayed connection. */
  Future<Void> stop() {
    open.forEach(NetSocket::close);
    open.clear();
    return server.close();
  }

  int port() {
    return port;
  }
}
