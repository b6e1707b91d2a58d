package io.lakeport.ops;

import io.vertx.core.Future;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** What the ops module's tests share: waiting for a Vert.x future and finding a free port. */
public final class OpsTesting {

  private OpsTesting() {
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
