package io.lakeport.schema;

import io.lakeport.store.LakeLayout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps source names to lake names that every engine accepts: lower case (Athena lowercases JSON keys, so
 * {@code Nombre} and {@code nombre} would collide), dots and other punctuation replaced by {@code _} (a dot
 * in a JSON key reads as a path in the OpenX SerDe), unique within one table by a numeric suffix.
 * The partition keys ({@code snapshot}, {@code dt}) are taken from the start: engine tables expose them as
 * columns, so a source column with one of those names is stored as {@code dt_2} (with a warning).
 */
public final class LakeNames {

  private static final Set<String> RESERVED = Set.of(LakeLayout.SNAPSHOT_KEY, LakeLayout.DAY_KEY);

  private final Set<String> taken = new HashSet<>(RESERVED);
  private final List<String> warnings = new ArrayList<>();

  /** The lake name for the next source name of the same table; warnings say what was changed. */
  public String assign(String sourceName) {
    String base = sanitize(sourceName);
    String candidate = base;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = base + "_" + n;
    }
    taken.add(candidate);
    // Lower-casing alone is what every engine does anyway; anything more changes what users query.
    if (!candidate.equals(base) && RESERVED.contains(base)) {
      warnings.add("column '" + sourceName + "' is stored as '" + candidate
          + "' because '" + base + "' is a partition key of every lake table");
    } else if (!candidate.equals(base)) {
      warnings.add("column '" + sourceName + "' is stored as '" + candidate
          + "' because '" + base + "' is taken (names are compared case-insensitively)");
    } else if (!base.equals(sourceName.toLowerCase(Locale.ROOT))) {
      warnings.add("column '" + sourceName + "' is stored as '" + candidate + "' (only letters, digits and _ are kept)");
    }
    return candidate;
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  public static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      out.append(Character.isLetterOrDigit(c) || c == '_' ? c : '_');
    }
    if (out.isEmpty() || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }
}
