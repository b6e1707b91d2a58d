package io.lakeport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A blocking TCP relay (virtual threads) in front of a shared service such as the local PostgreSQL: a test
 * stops it (nothing listens, every relayed connection is cut) to make the service unreachable for the code
 * under test alone, and starts it again on the same port.
 */
public final class SocketRelay implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;
  private int port;

  public SocketRelay(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Listens on {@code port} (0: any free port the first time) and relays each connection to the target. */
  public synchronized int start(int port) throws IOException {
    ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    listener = server;
    this.port = server.getLocalPort();
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket inbound = server.accept();
          Socket outbound = new Socket(targetHost, targetPort);
          open.add(inbound);
          open.add(outbound);
          Thread.ofVirtual().start(() -> copy(inbound, outbound));
          Thread.ofVirtual().start(() -> copy(outbound, inbound));
        } catch (IOException e) {
          // closed by stop(), or the target refused: the client sees its connection end
        }
      }
    });
    return this.port;
  }

  public int port() {
    return port;
  }

  private void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    } finally {
      close(from);
      close(to);
    }
  }

  /** Stops listening and cuts every relayed connection. */
  public synchronized void stop() throws IOException {
    if (listener != null) {
      listener.close();
      listener = null;
    }
    open.forEach(SocketRelay::close);
    open.clear();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
