package io.lakeport.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks real responses against the contract: the status is one the operation declares, the Content-Type
 * is the media type the contract writes for it (as written, e.g. application/problem+json), and the body
 * validates against the declared schema (vertx-openapi's ResponseValidator). Shared, through the api
 * module's test-jar, with the app module's end-to-end tests.
 */
public final class ContractResponses {

  private final ApiContract contract;
  private final ResponseValidator validator;

  private ContractResponses(ApiContract contract, ResponseValidator validator) {
    this.contract = contract;
    this.validator = validator;
  }

  public static Future<ContractResponses> load(Vertx vertx) {
    return ApiContract.load(vertx).map(c -> new ContractResponses(c, ResponseValidator.create(vertx, c.contract())));
  }

  public ApiContract contract() {
    return contract;
  }

  /** The operation {@code method path} is routed to (path without the query string). */
  public Operation operation(HttpMethod method, String path) {
    Operation operation = contract.contract().findOperation(path, method);
    if (operation == null) {
      throw new AssertionError("the contract declares no operation for " + method + " " + path);
    }
    return operation;
  }

  /** Fails unless {@code response} is what the contract promises for {@code method path}. */
  public Future<HttpResponse<Buffer>> check(HttpMethod method, String uri, HttpResponse<Buffer> response) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    Operation operation = operation(method, path);
    JsonObject declared = declaredResponse(operation.getOperationId(), response.statusCode());
    if (declared == null) {
      return Future.failedFuture(new AssertionError(operation.getOperationId() + " does not declare status "
          + response.statusCode() + "; body: " + response.bodyAsString()));
    }
    JsonObject content = declared.getJsonObject("content");
    String contentType = response.getHeader("Content-Type");
    String mediaType = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (content != null && !content.isEmpty()) {
      Set<String> allowed = content.fieldNames();
      if (mediaType == null || !allowed.contains(mediaType)) {
        return Future.failedFuture(new AssertionError(operation.getOperationId() + " " + response.statusCode()
            + ": Content-Type " + contentType + " is not the declared " + allowed));
      }
    }
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    Buffer body = response.body() == null ? Buffer.buffer() : response.body();
    String validatorType = mediaType == null ? null : ApiContract.VALIDATOR_MEDIA_TYPES.getOrDefault(mediaType, mediaType);
    ValidatableResponse validatable = body.length() == 0
        ? ValidatableResponse.create(response.statusCode(), headers)
        : ValidatableResponse.create(response.statusCode(), headers, body, validatorType);
    return validator.validate(validatable, operation.getOperationId())
        .recover(e -> Future.failedFuture(new AssertionError(operation.getOperationId() + " "
            + response.statusCode() + " does not match the contract: " + e.getMessage() + "; body: "
            + abbreviate(response.bodyAsString()), e)))
        .map(validated -> response);
  }

  /** The response object the raw contract declares for the status (with $ref resolved), or null. */
  public JsonObject declaredResponse(String operationId, int status) {
    JsonObject raw = contract.raw();
    for (String path : raw.getJsonObject("paths").fieldNames()) {
      JsonObject item = raw.getJsonObject("paths").getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && operationId.equals(op.getString("operationId"))) {
          JsonObject responses = op.getJsonObject("responses");
          JsonObject response = responses.getJsonObject(Integer.toString(status), responses.getJsonObject("default"));
          if (response != null && response.containsKey("$ref")) {
            String name = response.getString("$ref").substring("#/components/responses/".length());
            response = raw.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
          }
          return response;
        }
      }
    }
    throw new AssertionError("no operation " + operationId + " in the contract");
  }

  private static String abbreviate(String text) {
    return text == null || text.length() < 600 ? text : text.substring(0, 600) + "...";
  }
}
