package io.lakeport.api.impl;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** The request's parameters and body after {@link RequestValidation}: typed, within the contract's bounds. */
public record Params(Map<String, Object> values, JsonObject body) {

  private static final String KEY = "lakeport.params";

  public Params {
    values = Map.copyOf(values);
  }

  static void put(RoutingContext rc, Params params) {
    rc.put(KEY, params);
  }

  public static Params of(RoutingContext rc) {
    Params params = rc.get(KEY);
    if (params == null) {
      throw new IllegalStateException("no validated parameters: the route has no RequestValidation");
    }
    return params;
  }

  public String string(String name) {
    return (String) values.get(name);
  }

  /** A repeatable (array) parameter's values, in the order sent; empty when it was not given. */
  @SuppressWarnings("unchecked")
  public java.util.List<String> strings(String name) {
    Object value = values.get(name);
    return value == null ? java.util.List.of() : (java.util.List<String>) value;
  }

  public Long longValue(String name) {
    return (Long) values.get(name);
  }

  /** An integer parameter the contract gives a default (so it is always there). */
  public int integer(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalStateException("parameter " + name + " has no value and the contract gives it no default");
    }
    return Math.toIntExact(((Number) value).longValue());
  }

  public Integer optionalInteger(String name) {
    Object value = values.get(name);
    return value == null ? null : Math.toIntExact(((Number) value).longValue());
  }
}
