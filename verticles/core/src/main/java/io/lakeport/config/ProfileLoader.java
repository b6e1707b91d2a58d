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
 * {@code sources.ms1.password}, {@code LAKEPORT_API__PORT=9000} sets {@code api.port}. Runs at start-up,
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
    for (String name : names) {
      if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length() || name.equals(PROFILE_ENV)) {
        continue;
      }
      String[] path = name.substring(ENV_PREFIX.length()).split("__");
      JsonObject node = json;
      for (int i = 0; i < path.length - 1; i++) {
        String key = existingKey(node, path[i]);
        Object child = node.getValue(key);
        if (!(child instanceof JsonObject)) {
          child = new JsonObject();
          node.put(key, child);
        }
        node = (JsonObject) child;
      }
      node.put(existingKey(node, path[path.length - 1]), env.get(name));
    }
  }

  /** The key as the profile spells it (camelCase), or the override's spelling in camelCase. */
  private static String existingKey(JsonObject node, String segment) {
    String folded = segment.replace("_", "").toLowerCase(Locale.ROOT);
    for (String key : node.fieldNames()) {
      if (key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT).equals(folded)) {
        return key;
      }
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
