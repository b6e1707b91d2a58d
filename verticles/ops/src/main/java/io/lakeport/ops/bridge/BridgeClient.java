package io.lakeport.ops.bridge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client of the TCP event-bus bridge ({@link BridgeFrames} framing) for tooling: requests with a reply,
 * and registrations for published messages. One connection; its handlers run on the connection's event
 * loop.
 *
 * <p>The bridge names the request a reply belongs to by the {@code replyAddress} the client chose, but it
 * answers a refused frame with an {@code err} frame that names nothing: such a frame fails every pending
 * request (a tool has one in flight at a time) and goes to the {@link #errorHandler}.
 */
public final class BridgeClient {

  private final Vertx vertx;
  /**
   * Held for as long as the connection lives: Vert.x shuts down a client nothing references any more (a
   * cleaner runs when it is collected) and closes its connections 30 s later. Dropped after connecting, a
   * garbage collection during a long command ended it with "the bridge closed the connection".
   */
  private final NetClient client;
  private final NetSocket socket;
  private final String target;
  private final Map<String, Promise<JsonObject>> pending = new LinkedHashMap<>();
  private final Map<String, List<Handler<JsonObject>>> subscriptions = new LinkedHashMap<>();
  private Handler<String> errorHandler = message -> { };
  private Handler<Void> closeHandler = v -> { };
  private boolean closed;

  private BridgeClient(Vertx vertx, NetClient client, NetSocket socket, String target) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    this.target = target;
    socket.handler(BridgeFrames.decoder(this::onFrame, this::onProtocolError));
    socket.closeHandler(v -> onClosed("the bridge at " + target + " closed the connection"));
    socket.exceptionHandler(e -> onClosed("connection to the bridge at " + target + " failed: " + e.getMessage()));
  }

  /** Connects to {@code host:port}; fails with a message naming the address when nothing answers there. */
  public static Future<BridgeClient> connect(Vertx vertx, String host, int port, Duration timeout) {
    String target = host + ":" + port;
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) timeout.toMillis()));
    return client.connect(port, host)
        .recover(e -> client.close().transform(closed -> Future.failedFuture(new BridgeUnreachableException(
            "cannot reach the Lakeport bridge at " + target + ": " + describe(e)))))
        .map(socket -> new BridgeClient(vertx, client, socket, target));
  }

  /**
   * Sends {@code body} to {@code address} and completes with the reply's body; fails with a
   * {@link BridgeException} on an {@code err} frame, or when no reply comes within {@code timeout}.
   */
  public Future<JsonObject> request(String address, JsonObject body, Duration timeout) {
    if (closed) {
      return Future.failedFuture(new BridgeUnreachableException("the connection to the bridge at " + target + " is closed"));
    }
    String replyAddress = "lakeport.cli." + UUID.randomUUID();
    Promise<JsonObject> promise = Promise.promise();
    pending.put(replyAddress, promise);
    long timer = vertx.setTimer(timeout.toMillis(), id -> {
      Promise<JsonObject> late = pending.remove(replyAddress);
      if (late != null) {
        late.tryFail(new BridgeException("no reply from " + address + " within " + timeout.toSeconds() + " s",
            -1, "TIMEOUT"));
      }
    });
    socket.write(BridgeFrames.encode(new JsonObject()
        .put("type", "send")
        .put("address", address)
        .put("replyAddress", replyAddress)
        .put("headers", new JsonObject().put("timeout", timeout.toMillis()))
        .put("body", body)));
    return promise.future().andThen(r -> vertx.cancelTimer(timer));
  }

  /** Receives the bodies of messages published to {@code address} (the bridge must allow it outbound). */
  public BridgeClient register(String address, Handler<JsonObject> handler) {
    List<Handler<JsonObject>> handlers = subscriptions.computeIfAbsent(address, a -> new ArrayList<>());
    if (handlers.isEmpty()) {
      socket.write(BridgeFrames.encode(new JsonObject().put("type", "register").put("address", address)));
    }
    handlers.add(handler);
    return this;
  }

  /** {@code err} frames that belong to no request, such as a refused registration. */
  public BridgeClient errorHandler(Handler<String> handler) {
    this.errorHandler = handler;
    return this;
  }

  /** Called once when the connection ends, whoever ended it. */
  public BridgeClient closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  /** The Vert.x instance the connection runs on. */
  public Vertx vertx() {
    return vertx;
  }

  public boolean isClosed() {
    return closed;
  }

  public Future<Void> close() {
    return closed ? client.close() : socket.close().eventually(client::close);
  }

  private void onFrame(JsonObject frame) {
    String type = frame.getString("type", "");
    String address = frame.getString("address");
    switch (type) {
      case "message" -> {
        Promise<JsonObject> promise = address == null ? null : pending.remove(address);
        if (promise != null) {
          promise.tryComplete(bodyOf(frame));
          return;
        }
        List<Handler<JsonObject>> handlers = address == null ? null : subscriptions.get(address);
        if (handlers != null) {
          JsonObject body = bodyOf(frame);
          List.copyOf(handlers).forEach(h -> h.handle(body));
        }
      }
      case "err" -> {
        String message = frame.getString("message", "refused by the bridge");
        BridgeException failure = new BridgeException(message, frame.getInteger("failureCode", -1),
            frame.getString("failureType"));
        Promise<JsonObject> promise = address == null ? null : pending.remove(address);
        if (promise != null) {
          promise.tryFail(failure);
          return;
        }
        // A refused frame: the bridge does not say which one.
        failPending(failure);
        errorHandler.handle(message);
      }
      default -> {
        // pong, or a frame type of a newer bridge: nothing to do
      }
    }
  }

  private static JsonObject bodyOf(JsonObject frame) {
    Object body = frame.getValue("body");
    return body instanceof JsonObject json ? json : new JsonObject().put("value", body);
  }

  private void onProtocolError(Throwable e) {
    onClosed("the bridge at " + target + " sent a malformed frame: " + e.getMessage());
    socket.close();
  }

  private void onClosed(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
    failPending(new BridgeUnreachableException(reason));
    closeHandler.handle(null);
  }

  private void failPending(RuntimeException failure) {
    List<Promise<JsonObject>> failed = new ArrayList<>(pending.values());
    pending.clear();
    failed.forEach(p -> p.tryFail(failure));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** No bridge answers at the address, or the connection to it was lost. */
  public static final class BridgeUnreachableException extends RuntimeException {
    public BridgeUnreachableException(String message) {
      super(message);
    }
  }
}
