package io.lakeport.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The API contract: {@code openapi.yaml} from the repository root, which the build copies into this jar.
 * It is the single source of the routes, their validation and the documentation served at
 * {@code /openapi.yaml} and {@code /docs}.
 *
 * <p>vertx-openapi 5.0.x refuses contracts whose responses use media types outside its fixed list, and RFC
 * 9457's {@code application/problem+json}, {@code text/event-stream} and {@code application/yaml} are not on
 * it (custom media types arrive in a later release). So the router and validators get a copy in which those
 * media types are replaced by the equivalent ones it knows ({@link #VALIDATOR_MEDIA_TYPES}); clients get the
 * contract as written, and the server sends the media types written there. In that copy, text bodies
 * ({@code text/*}, YAML) carry no schema: vertx-openapi 5.0 hands their raw buffer to the JSON schema
 * validator, which cannot check a buffer against {@code type: string}.
 */
public final class ApiContract {

  /** Where the build puts the contract in the jar. */
  public static final String RESOURCE = "io/lakeport/api/openapi.yaml";

  /** Contract media type to the media type vertx-openapi validates it as. */
  public static final Map<String, String> VALIDATOR_MEDIA_TYPES = Map.of(
      "application/problem+json", "application/json",
      "text/event-stream", "text/plain",
      "application/yaml", "text/plain");

  private final String yaml;
  private final JsonObject raw;
  private final OpenAPIContract contract;

  private ApiContract(String yaml, JsonObject raw, OpenAPIContract contract) {
    this.yaml = yaml;
    this.raw = raw;
    this.contract = contract;
  }

  /** Reads the contract from the class path (without blocking the caller's event loop). */
  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            RESOURCE + " is not on the class path (the api module's build copies it from the repository root)", e)))
        .compose(buffer -> parse(vertx, buffer));
  }

  static Future<ApiContract> parse(Vertx vertx, Buffer buffer) {
    String yaml = buffer.toString(StandardCharsets.UTF_8);
    return Utils.yamlStringToJson(yaml).compose(raw -> {
      JsonObject adapted = forValidator(raw);
      return OpenAPIContract.from(vertx, adapted).map(contract -> new ApiContract(yaml, raw, contract));
    });
  }

  /** The contract as written, for {@code GET /openapi.yaml}. */
  public String yaml() {
    return yaml;
  }

  /** The contract as written, as JSON. */
  public JsonObject raw() {
    return raw.copy();
  }

  /** The contract the router and the request and response validators work with. */
  public OpenAPIContract contract() {
    return contract;
  }

  /** A copy of {@code raw} with every content media type vertx-openapi does not know replaced. */
  static JsonObject forValidator(JsonObject raw) {
    JsonObject copy = raw.copy();
    replaceMediaTypes(copy);
    return copy;
  }

  private static void replaceMediaTypes(Object node) {
    if (node instanceof JsonObject object) {
      JsonObject content = object.getValue("content") instanceof JsonObject c ? c : null;
      if (content != null) {
        for (Map.Entry<String, String> replacement : VALIDATOR_MEDIA_TYPES.entrySet()) {
          Object media = content.remove(replacement.getKey());
          if (media != null) {
            if (content.containsKey(replacement.getValue())) {
              throw new IllegalStateException("the contract declares both " + replacement.getKey() + " and "
                  + replacement.getValue() + " for one response; the validator cannot tell them apart");
            }
            content.put(replacement.getValue(), media);
          }
        }
        for (String type : java.util.List.copyOf(content.fieldNames())) {
          if (type.startsWith("text/")) {
            // An empty media type object: OpenAPI 3.1's "no schema", which vertx-openapi leaves unchecked.
            content.put(type, new JsonObject());
          }
        }
      }
      object.forEach(entry -> replaceMediaTypes(entry.getValue()));
    } else if (node instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(ApiContract::replaceMediaTypes);
    }
  }
}
