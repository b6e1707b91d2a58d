package io.lakeport.source;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.lakeport.source.SourceTesting.await;

/**
 * A TCP proxy on a random local port in front of a server, on a Vert.x of its own: {@link #cut()} closes every
 * connection through it at once, as a network failure would, and new connections pass again afterwards. For a
 * server the test cannot end one session of (the in-process MongoDB wire server).
 */
final class CuttableProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final NetServer server;

  CuttableProxy(int targetPort) {
    NetClient client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      track(in);
      client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
        track(out);
        out.pipeTo(in);
        in.pipeTo(out);
      }).onFailure(e -> in.close());
    });
    await(server.listen(0, "127.0.0.1"));
  }

  private void track(NetSocket socket) {
    sockets.add(socket);
    socket.closeHandler(v -> sockets.remove(socket));
  }

  int port() {
    return server.actualPort();
  }

  /** Closes every connection through the proxy, both sides. */
  void cut() {
    sockets.forEach(NetSocket::close);
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
