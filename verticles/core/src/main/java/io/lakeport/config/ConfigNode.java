package io.lakeport.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A typed, validating view of one section of a profile. Readers record every problem with its full key
 * instead of throwing at the first one, and report keys nobody read (most often a typo), so one start-up
 * lists everything that is wrong.
 */
public final class ConfigNode {

  private final String path;
  private final JsonObject json;
  private final List<String> problems;
  private final Set<String> read = new TreeSet<>();

  private ConfigNode(String path, JsonObject json, List<String> problems) {
    this.path = path;
    this.json = json;
    this.problems = problems;
  }

  static ConfigNode root(JsonObject json, List<String> problems) {
    return new ConfigNode("", json, problems);
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    return json.getValue(spelling(name)) != null;
  }

  public JsonObject raw() {
    return json;
  }

  public void problem(String name, String message) {
    problems.add(key(name) + ": " + message);
  }

  public ConfigNode child(String name) {
    Object value = value(name);
    if (value == null) {
      return new ConfigNode(key(name), new JsonObject(), problems);
    }
    if (value instanceof JsonObject object) {
      return new ConfigNode(key(name), object, problems);
    }
    problem(name, "expected a section (a map of keys), got " + describe(value));
    return new ConfigNode(key(name), new JsonObject(), problems);
  }

  /** The sub-sections of a map-valued key, such as {@code sources}, in file order. */
  public Map<String, ConfigNode> children(String name) {
    ConfigNode parent = child(name);
    Map<String, ConfigNode> result = new LinkedHashMap<>();
    for (String childName : parent.json.fieldNames()) {
      result.put(childName, parent.child(childName));
    }
    return result;
  }

  public String string(String name, String fallback) {
    Object value = value(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    problem(name, "expected a text value, got " + describe(value));
    return fallback;
  }

  public String requiredString(String name) {
    String value = string(name, null);
    if (value == null || value.isBlank()) {
      if (json.getValue(spelling(name)) == null) {
        problem(name, "is required");
      } else {
        problem(name, "must not be empty");
      }
    }
    return value;
  }

  public int integer(String name, int fallback, int min, int max) {
    Object value = value(name);
    if (value == null) {
      return fallback;
    }
    Long parsed = null;
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      parsed = n.longValue();
    } else if (value instanceof String s) {
      try {
        parsed = Long.parseLong(s.trim());
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    if (parsed == null || parsed < min || parsed > max) {
      problem(name, "expected a whole number from " + min + " to " + max + ", got " + describe(value));
      return fallback;
    }
    return parsed.intValue();
  }

  public boolean bool(String name, boolean fallback) {
    Object value = value(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    problem(name, "expected true or false, got " + describe(value));
    return fallback;
  }

  public <E extends Enum<E>> E enumeration(String name, Class<E> type, E fallback) {
    String value = string(name, null);
    if (value == null) {
      if (fallback == null) {
        problem(name, "is required; one of " + names(type));
      }
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
        return constant;
      }
    }
    problem(name, "expected one of " + names(type) + ", got '" + value + "'");
    return fallback;
  }

  public URI uri(String name, URI fallback) {
    String value = string(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problem(name, "expected an absolute URI such as http://host:port, got '" + value + "'");
      return fallback;
    }
  }

  public List<String> strings(String name) {
    return list(name, v -> v instanceof String s ? s : null, "a list of text values");
  }

  private <T> List<T> list(String name, Function<Object, T> convert, String expected) {
    Object value = value(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      // Environment overrides arrive as text: accept comma-separated lists.
      List<T> result = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          result.add(convert.apply(part.trim()));
        }
      }
      return result;
    }
    if (!(value instanceof JsonArray array)) {
      problem(name, "expected " + expected + ", got " + describe(value));
      return List.of();
    }
    List<T> result = new ArrayList<>();
    for (Object item : array) {
      T converted = convert.apply(item);
      if (converted == null) {
        problem(name, "expected " + expected + ", got an item " + describe(item));
        return List.of();
      }
      result.add(converted);
    }
    return result;
  }

  /** Reads {@code name} (as this section spells it) and records it as known. */
  private Object value(String name) {
    String key = spelling(name);
    read.add(key);
    return json.getValue(key);
  }

  /**
   * The key of this section that stands for {@code name}: the same key, or failing that the one key equal to
   * it ignoring case, {@code _} and {@code -} (environment overrides arrive as {@code PAGE_TOKEN_SECRET} or
   * {@code PAGETOKENSECRET}). Two such keys are ambiguous: a problem naming both.
   */
  private String spelling(String name) {
    if (json.containsKey(name)) {
      return name;
    }
    String folded = fold(name);
    List<String> matches = new ArrayList<>();
    for (String key : json.fieldNames()) {
      if (fold(key).equals(folded)) {
        matches.add(key);
      }
    }
    if (matches.size() > 1) {
      matches.sort(null);
      String problem = key(name) + ": is spelled ambiguously: " + key(matches.get(0)) + " and "
          + key(matches.get(1)) + " both stand for it; keep one";
      if (!problems.contains(problem)) {
        problems.add(problem);
      }
      read.addAll(matches);
    }
    return matches.isEmpty() ? name : matches.getFirst();
  }

  /** A key without case, {@code _} or {@code -}: how overrides and profile keys are matched. */
  static String fold(String key) {
    return key.replace("_", "").replace("-", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Reports keys of this section that no reader asked for; call after reading the section. */
  public void rejectUnknownKeys() {
    for (String name : json.fieldNames()) {
      if (!read.contains(name)) {
        problem(name, "unknown key (known here: " + String.join(", ", read) + ")");
      }
    }
  }

  private static String describe(Object value) {
    if (value instanceof JsonObject) {
      return "a section";
    }
    if (value instanceof JsonArray) {
      return "a list";
    }
    return "'" + value + "'";
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase().replace('_', '-'));
    }
    return String.join(", ", names);
  }
}
