package io.lakeport.testkit;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP side of a local fake of an AWS service that speaks AWS JSON 1.1 (Athena, Glue): {@code POST /}
 * with {@code X-Amz-Target: <Prefix>.<Operation>}, {@code Content-Type: application/x-amz-json-1.1} and a
 * SigV4 {@code Authorization}; answers are JSON, errors carry {@code __type} (HTTP 400, 500 for server
 * faults), which the real AWS SDK turns into the modelled exception. Every request that reaches it is
 * recorded with its headers and body; the fake (a subclass) answers the ones that pass the protocol checks.
 */
public abstract class AwsJsonServer {

  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  /** One request as received. */
  public record Recorded(String operation, MultiMap headers, JsonObject body) {
  }

  /** An answer: the HTTP status and the JSON body. */
  public record Answer(int status, JsonObject body) {
    public static Answer ok(JsonObject body) {
      return new Answer(200, body);
    }

    /** An error of the service's model: HTTP 400 with {@code __type} and {@code Message}. */
    public static Answer error(String type, String message) {
      return error(400, type, new JsonObject().put("Message", message));
    }

    /** An error with the members its shape has (e.g. {@code Reason}). */
    public static Answer error(int status, String type, JsonObject members) {
      return new Answer(status, members.copy().put("__type", type));
    }
  }

  private final String targetPrefix;
  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
  private HttpServer server;

  /** @param targetPrefix the service's prefix of {@code X-Amz-Target}, e.g. {@code "AWSGlue."} */
  protected AwsJsonServer(String targetPrefix) {
    this.targetPrefix = targetPrefix;
  }

  /** Answers one operation (the target without its prefix) with its JSON body. */
  protected abstract Answer answer(String operation, JsonObject body);

  /** Starts {@code fake} on a free port of 127.0.0.1. */
  protected static <F extends AwsJsonServer> Future<F> listen(Vertx vertx, F fake) {
    AwsJsonServer self = fake;
    return vertx.createHttpServer()
        .requestHandler(self::handle)
        .listen(0, "127.0.0.1")
        .map(server -> {
          self.server = server;
          return fake;
        });
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public List<Recorded> requests() {
    return List.copyOf(recorded);
  }

  /** The bodies of the requests of {@code operation}, in arrival order. */
  public List<JsonObject> requests(String operation) {
    return recorded.stream().filter(r -> r.operation().equals(operation)).map(Recorded::body).toList();
  }

  private void handle(HttpServerRequest request) {
    request.body().onComplete(body -> {
      if (body.failed()) {
        request.connection().close();
        return;
      }
      Answer answer = answer(request, body.result());
      request.response()
          .setStatusCode(answer.status())
          .putHeader("Content-Type", CONTENT_TYPE)
          .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
          .end(answer.body().encode());
    });
  }

  private Answer answer(HttpServerRequest request, Buffer body) {
    String target = request.getHeader("X-Amz-Target");
    String operation = target != null && target.startsWith(targetPrefix)
        ? target.substring(targetPrefix.length()) : String.valueOf(target);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    JsonObject json;
    try {
      json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (DecodeException e) {
      recorded.add(new Recorded(operation, headers, new JsonObject()));
      return Answer.error("SerializationException", "body is not a JSON object");
    }
    recorded.add(new Recorded(operation, headers, json));

    if (request.method() != HttpMethod.POST || !"/".equals(request.path())) {
      return Answer.error("UnknownOperationException", "expected POST /");
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
      return Answer.error("SerializationException", "expected Content-Type " + CONTENT_TYPE);
    }
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      return new Answer(403, new JsonObject().put("__type", "MissingAuthenticationTokenException")
          .put("message", "Missing Authentication Token"));
    }
    return answer(operation, json);
  }
}
