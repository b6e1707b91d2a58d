package io.lakeport.api.impl;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.json.schema.common.dsl.SchemaType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates a request against its operation in the contract and answers 400 listing <em>every</em> bad
 * parameter (vertx-openapi's own validator stops at the first). Values are checked as the client sent them
 * (Vert.x decodes them once): string parameters are not re-interpreted as JSON, so {@code "abc"} stays a
 * five-character text with quotes. The values that passed are handed to the handlers as {@link Params}.
 */
public final class RequestValidation implements Handler<RoutingContext> {

  private record Checked(Parameter parameter, Validator validator) {
  }

  private final Operation operation;
  private final List<Checked> parameters = new ArrayList<>();
  private final Validator bodyValidator;
  private final boolean bodyRequired;

  public RequestValidation(OpenAPIContract contract, Operation operation) {
    this.operation = operation;
    SchemaRepository schemas = contract.getSchemaRepository();
    for (Parameter parameter : operation.getParameters()) {
      SchemaType type = parameter.getSchemaType();
      if (type == SchemaType.ARRAY ? !isRepeatableText(parameter) : type != SchemaType.STRING
          && type != SchemaType.INTEGER && type != SchemaType.NUMBER && type != SchemaType.BOOLEAN) {
        throw new IllegalStateException(operation.getOperationId() + ": parameter " + parameter.getName()
            + " has type " + type + "; only scalar parameters and repeated query strings are supported");
      }
      parameters.add(new Checked(parameter, schemas.validator(parameter.getSchema())));
    }
    if (operation.getRequestBody() != null) {
      MediaType json = operation.getRequestBody().getContent().get("application/json");
      if (json == null) {
        throw new IllegalStateException(operation.getOperationId() + ": only application/json bodies are supported");
      }
      bodyValidator = schemas.validator(json.getSchema());
      bodyRequired = operation.getRequestBody().isRequired();
    } else {
      bodyValidator = null;
      bodyRequired = false;
    }
  }

  @Override
  public void handle(RoutingContext rc) {
    JsonArray errors = new JsonArray();
    Map<String, Object> values = new HashMap<>();
    for (Checked checked : parameters) {
      Parameter parameter = checked.parameter();
      String in = parameter.getIn().name().toLowerCase(Locale.ROOT);
      String name = parameter.getName();
      List<String> raw = raw(rc, parameter);
      if (parameter.getSchemaType() == SchemaType.ARRAY) {
        // Repeated (?filter=a&filter=b): every value is kept, in order, and the list checked as a whole.
        if (!raw.isEmpty()) {
          OutputUnit result = checked.validator().validate(new JsonArray(new ArrayList<>(raw)));
          if (!Boolean.TRUE.equals(result.getValid())) {
            errors.add(error(in, name, reason(result)));
            continue;
          }
          values.put(name, List.copyOf(raw));
        } else if (parameter.isRequired()) {
          errors.add(error(in, name, "is required"));
        }
        continue;
      }
      if (raw.size() > 1) {
        errors.add(error(in, name, "is given " + raw.size() + " times; give it once"));
        continue;
      }
      if (raw.isEmpty()) {
        if (parameter.isRequired()) {
          errors.add(error(in, name, "is required"));
        } else if (parameter.getSchema().containsKey("default")) {
          // The contract's default is the one default: handlers never carry their own.
          Object fallback = parameter.getSchema().get("default");
          values.put(name, fallback instanceof Integer i ? Long.valueOf(i) : fallback);
        }
        continue;
      }
      Object value;
      try {
        value = typed(parameter.getSchemaType(), raw.getFirst());
      } catch (IllegalArgumentException e) {
        errors.add(error(in, name, e.getMessage()));
        continue;
      }
      OutputUnit result = checked.validator().validate(value);
      if (!Boolean.TRUE.equals(result.getValid())) {
        errors.add(error(in, name, reason(result)));
        continue;
      }
      values.put(name, value);
    }
    JsonObject body = null;
    if (bodyValidator != null) {
      try {
        body = body(rc, errors);
      } catch (Problem unsupported) {
        unsupported.send(rc);
        return;
      }
    }
    if (!errors.isEmpty()) {
      String names = errors.stream().map(e -> ((JsonObject) e).getString("name")).distinct()
          .reduce((a, b) -> a + ", " + b).orElse("");
      Problem.badRequest("the request does not match the API contract (" + names + ")")
          .with("errors", errors).send(rc);
      return;
    }
    Params.put(rc, new Params(values, body));
    rc.next();
  }

  private JsonObject body(RoutingContext rc, JsonArray errors) {
    String text = rc.body() == null ? null : rc.body().asString();
    if (text == null || text.isBlank()) {
      if (bodyRequired) {
        errors.add(error("body", "body", "a JSON body is required"));
      }
      return null;
    }
    String contentType = rc.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new Problem("unsupported-media-type", "Unsupported media type", 415,
          "the body must be sent as application/json, not " + (contentType == null ? "without a Content-Type" : contentType));
    }
    Object json;
    try {
      json = Json.decodeValue(text);
    } catch (DecodeException e) {
      errors.add(error("body", "body", "is not valid JSON"));
      return null;
    }
    OutputUnit result = bodyValidator.validate(json);
    if (!Boolean.TRUE.equals(result.getValid())) {
      List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
      for (OutputUnit unit : units) {
        String location = unit.getInstanceLocation();
        errors.add(error("body", location == null || location.isEmpty() ? "body" : "body" + location,
            unit.getError() == null ? "is invalid" : unit.getError()));
      }
      return null;
    }
    return json instanceof JsonObject object ? object : null;
  }

  private static List<String> raw(RoutingContext rc, Parameter parameter) {
    return switch (parameter.getIn()) {
      case PATH -> {
        String value = rc.pathParam(parameter.getName());
        yield value == null ? List.of() : List.of(value);
      }
      case QUERY -> rc.queryParam(parameter.getName());
      case HEADER -> rc.request().headers().getAll(parameter.getName());
      case COOKIE -> {
        var cookie = rc.request().getCookie(parameter.getName());
        yield cookie == null ? List.of() : List.of(cookie.getValue());
      }
    };
  }

  /** A query parameter given once per value ({@code style: form, explode: true}) whose items are strings. */
  private static boolean isRepeatableText(Parameter parameter) {
    Object items = parameter.getSchema().get("items");
    return parameter.getIn() == io.vertx.openapi.contract.Location.QUERY && parameter.isExplode()
        && items instanceof JsonObject itemSchema && "string".equals(itemSchema.getString("type"));
  }

  /** The raw text as the parameter's schema type; a string stays exactly what was sent. */
  static Object typed(SchemaType type, String raw) {
    return switch (type) {
      case STRING -> raw;
      case INTEGER -> {
        try {
          yield Long.parseLong(raw);
        } catch (NumberFormatException e) {
          if (raw.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("is out of range");
          }
          throw new IllegalArgumentException("must be an integer");
        }
      }
      case NUMBER -> {
        try {
          yield new BigDecimal(raw);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("must be a number");
        }
      }
      case BOOLEAN -> switch (raw) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("must be true or false");
      };
      default -> throw new IllegalStateException("unsupported parameter type " + type);
    };
  }

  private static String reason(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    OutputUnit unit = errors == null || errors.isEmpty() ? result : errors.getLast();
    return unit.getError() == null ? "is invalid" : unit.getError();
  }

  private static JsonObject error(String in, String name, String reason) {
    return new JsonObject().put("in", in).put("name", name).put("reason", reason);
  }

  public Operation operation() {
    return operation;
  }
}
