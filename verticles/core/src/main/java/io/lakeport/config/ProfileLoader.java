package io.lakeport.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a YAML profile, applies environment overrides and validates the result.
 *
 * <p>An override is an environment variable {@code LAKEPORT_} followed by the key path with {@code __}
 * between segments, matched case-insensitively: {@code LAKEPORT_SOURCES__MS1__PASSWORD=...} sets
 * {@code sources.ms1.password}, {@code LAKEPORT_API__PORT=9000} sets {@code api.port}; underscores inside a
 * segment are optional ({@code PAGETOKENSECRET} and {@code PAGE_TOKEN_SECRET} both reach {@code pageTokenSecret},
 * see {@link ConfigNode}), and a spelling that matches two keys is an error naming both. Runs at start-up,
 * before any event loop exists, so reading the file synchronously blocks nothing.
 */
public final class ProfileLoader {

  public static final String ENV_PREFIX = "LAKEPORT_";
  /** Names the profile file itself (read by the launcher), so it is not a key override. */
  public static final String PROFILE_ENV = "LAKEPORT_PROFILE";

  private ProfileLoader() {
  }

  public static LakeportConfig load(Path file, Map<String, String> env) {
    return LakeportConfig.from(read(file, env), file.toString());
  }

  /** The merged profile before validation; for tools that print the effective configuration. */
  public static JsonObject read(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read the profile: " + e));
    }
    JsonObject json = parse(text, file.toString());
    applyOverrides(json, env);
    return json;
  }

  static JsonObject parse(String yamlText, String origin) {
    Object document;
    try {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(origin, List.of("not valid YAML at line " + (e.getProblemMark().getLine() + 1)
          + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem()));
    } catch (RuntimeException e) {
      throw new ConfigException(origin, List.of("not valid YAML: " + e.getMessage()));
    }
    if (document == null) {
      return new JsonObject();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new ConfigException(origin, List.of("the profile must be a map of keys at the top level"));
    }
    return (JsonObject) toJson(map);
  }

  static void applyOverrides(JsonObject json, Map<String, String> env) {
    List<String> names = new ArrayList<>(env.keySet());
    names.sort(null);
    List<String> problems = new ArrayList<>();
    Map<String, String> variableByKey = new java.util.HashMap<>();
    for (String name : names) {
      if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length() || name.equals(PROFILE_ENV)) {
        continue;
      }
      String[] path = name.substring(ENV_PREFIX.length()).split("__");
      JsonObject node = json;
      StringBuilder dotted = new StringBuilder();
      try {
        for (int i = 0; i < path.length - 1; i++) {
          String key = existingKey(node, path[i], dotted);
          dotted.append(key).append('.');
          Object child = node.getValue(key);
          if (!(child instanceof JsonObject)) {
            child = new JsonObject();
            node.put(key, child);
          }
          node = (JsonObject) child;
        }
        String key = existingKey(node, path[path.length - 1], dotted);
        String folded = ConfigNode.fold(dotted + key);
        String earlier = variableByKey.putIfAbsent(folded, name);
        if (earlier != null) {
          problems.add(dotted + key + ": set twice, by " + earlier + " and " + name + "; keep one");
          continue;
        }
        node.put(key, env.get(name));
      } catch (IllegalArgumentException ambiguous) {
        problems.add(name + ": " + ambiguous.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("environment overrides", problems);
    }
  }

  /**
   * The key as the profile spells it (camelCase), matched ignoring case, {@code _} and {@code -}, or the
   * override's spelling in camelCase; two profile keys matching the same segment are ambiguous.
   */
  private static String existingKey(JsonObject node, String segment, CharSequence parent) {
    String folded = ConfigNode.fold(segment);
    List<String> matches = new ArrayList<>();
    for (String key : node.fieldNames()) {
      if (ConfigNode.fold(key).equals(folded)) {
        matches.add(key);
      }
    }
    if (matches.size() > 1) {
      matches.sort(null);
      throw new IllegalArgumentException("is ambiguous: it matches both " + parent + matches.get(0) + " and "
          + parent + matches.get(1));
    }
    if (matches.size() == 1) {
      return matches.getFirst();
    }
    String[] words = segment.toLowerCase(Locale.ROOT).split("_");
    StringBuilder camel = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      if (!words[i].isEmpty()) {
        camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
    }
    return camel.toString();
  }

  private static Object toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.put(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return value;
  }
}
