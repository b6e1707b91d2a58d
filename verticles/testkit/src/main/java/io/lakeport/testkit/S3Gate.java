package io.lakeport.testkit;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP pass-through in front of an S3 store that can hold back one kind of multipart request while every
 * other request goes through:
 * <ul>
 *   <li>the start of uploads ({@code POST /bucket/key?uploads}): a lake writer fills its part buffers and
 *   stops taking chunks, whatever the speed of the machine, while run manifests and table states are still
 *   read and written;</li>
 *   <li>their completion ({@code POST /bucket/key?uploadId=...}): an upload stays open however fast the
 *   writer is, e.g. for a process to be killed with an upload open.</li>
 * </ul>
 * The Host header is forwarded unchanged, so the client's SigV4 signature stays valid.
 */
public final class S3Gate implements AutoCloseable {

  /** Not forwarded: hop-by-hop headers, and Expect, since the gate answers 100-continue itself. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "host",
      "expect");

  private final Vertx vertx = Vertx.vertx();
  private final SocketAddress store;
  private final HttpClient client;
  private final HttpServer server;
  /** Requests held back, each with the context it arrived on (to be forwarded there). */
  private final List<Map.Entry<Context, HttpServerRequest>> held = new ArrayList<>();
  /** What is held back now, or null for nothing. */
  private volatile Hold holding;
  /** How many more requests of the held kind go through before the gate holds them. */
  private int passing;

  private enum Hold {
    STARTS("uploads"), COMPLETIONS("uploadId");

    /** The query parameter that marks the request: the two requests are both a POST of the object. */
    final String parameter;

    Hold(String parameter) {
      this.parameter = parameter;
    }
  }

  private S3Gate(URI store) throws Exception {
    this.store = SocketAddress.inetSocketAddress(store.getPort(), store.getHost());
    this.client = vertx.createHttpClient();
    this.server = vertx.createHttpServer(new HttpServerOptions().setHandle100ContinueAutomatically(true))
        .requestHandler(this::onRequest).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A gate in front of {@code store}, open. */
  public static S3Gate in(URI store) throws Exception {
    return new S3Gate(store);
  }

  /** What clients use instead of the store's own endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** From now on, requests that start a multipart upload wait at the gate. */
  public void holdUploads() {
    hold(Hold.STARTS, 0);
  }

  /**
   * From now on, requests that complete a multipart upload wait at the gate once {@code passing} more of them
   * went through: every upload after those stays open.
   */
  public void holdCompletions(int passing) {
    hold(Hold.COMPLETIONS, passing);
  }

  private synchronized void hold(Hold kind, int passing) {
    this.passing = passing;
    this.holding = kind;
  }

  /** How many requests are waiting at the gate. */
  public synchronized int held() {
    return held.size();
  }

  /** Lets the waiting requests through and stops holding. */
  public void release() {
    takeHeld().forEach(e -> e.getKey().runOnContext(v -> forward(e.getValue())));
  }

  /**
   * Stops holding and drops the waiting requests unanswered, closing their connections: none of them reaches
   * the store (e.g. the completions of a client that was killed meanwhile, which must not complete its uploads).
   */
  public void drop() {
    takeHeld().forEach(e -> e.getKey().runOnContext(v -> e.getValue().connection().close()));
  }

  /** Stops holding; the requests that were waiting. */
  private synchronized List<Map.Entry<Context, HttpServerRequest>> takeHeld() {
    holding = null;
    List<Map.Entry<Context, HttpServerRequest>> waiting = List.copyOf(held);
    held.clear();
    return waiting;
  }

  private void onRequest(HttpServerRequest request) {
    request.pause();
    Hold hold = holding;
    if (hold != null && request.method() == HttpMethod.POST && request.params().contains(hold.parameter)) {
      synchronized (this) {
        if (holding == hold && passing-- <= 0) {
          held.add(Map.entry(Vertx.currentContext(), request));
          return;
        }
      }
    }
    forward(request);
  }

  private void forward(HttpServerRequest request) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request.headers().forEach((name, value) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase())) {
        headers.add(name, value);
      }
    });
    boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("transfer-encoding"));
    RequestOptions options = new RequestOptions().setServer(store).setMethod(request.method())
        .setHost(request.authority().host()).setPort(request.authority().port()).setURI(request.uri())
        .setHeaders(headers);
    client.request(options)
        .compose(upstream -> {
          upstream.setChunked(chunked);
          // A client that goes away mid-request (a killed process) takes its request with it, as a direct
          // connection to the store would: kept open, a part upload would hang in the store and end after
          // the upload's abort, leaving the store's temporary part behind.
          request.connection().closeHandler(v -> upstream.reset());
          return upstream.send(request);
        })
        .onSuccess(answer -> {
          var response = request.response().setStatusCode(answer.statusCode());
          answer.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
              response.headers().add(name, value);
            }
          });
          response.send(answer);
        })
        .onFailure(e -> {
          if (!request.response().ended()) {
            request.response().setStatusCode(502).end(String.valueOf(e));
          }
        });
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
