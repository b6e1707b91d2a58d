package io.lakeport.source;

import io.lakeport.schema.LakeNames;
import io.lakeport.schema.LakeType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shape of a document field, inferred from a sample and merged across documents: a field seen in any
 * document is kept, nested documents become rows, arrays take the merged shape of all their elements, and
 * numbers widen where no value changes (int+long, int+double, int/long+decimal). Any other disagreement
 * makes the field {@code mixed}, written as JSON, so varying documents never break the schema.
 *
 * <p>A shape travels in {@code Column.sourceType}: a kind name ({@code int}, {@code date}, ...), or JSON text
 * for documents ({@code {"orig.name": shape, ...}} in row-field order) and arrays ({@code [shape]}). The
 * original field names of nested documents live only there.
 */
sealed interface MongoShape {

  /** BSON kinds by their MongoDB alias names. */
  enum Kind {
    BOOL("bool"), INT("int"), LONG("long"), DOUBLE("double"), DECIMAL("decimal"), STRING("string"),
    OBJECT_ID("objectId"), DATE("date"), BIN_DATA("binData"), TIMESTAMP("timestamp");

    final String alias;

    Kind(String alias) {
      this.alias = alias;
    }

    static Kind of(String alias) {
      for (Kind k : values()) {
        if (k.alias.equals(alias)) {
          return k;
        }
      }
      return null;
    }
  }

  /** Only nulls (or nothing) seen. */
  record Unknown() implements MongoShape {
  }

  /** A scalar; for decimals the most fraction and integer digits seen, so the sample fits exactly. */
  record Scalar(Kind kind, int scale, int integerDigits) implements MongoShape {
  }

  record Doc(Map<String, MongoShape> fields) implements MongoShape {
  }

  record Arr(MongoShape element) implements MongoShape {
  }

  record Mixed(TreeSet<String> kinds) implements MongoShape {
  }

  MongoShape UNKNOWN = new Unknown();

  /** The shape of one value as the Vert.x Mongo client decodes it ({"$oid":..}, {"$date":..}, plain numbers). */
  static MongoShape of(Object value) {
    return switch (value) {
      case null -> UNKNOWN;
      case Boolean b -> new Scalar(Kind.BOOL, 0, 0);
      case Integer i -> new Scalar(Kind.INT, 0, digits(i));
      case Long l -> new Scalar(Kind.LONG, 0, digits(l));
      case Double d -> new Scalar(Kind.DOUBLE, 0, 0);
      case Float f -> new Scalar(Kind.DOUBLE, 0, 0);
      case BigDecimal d -> decimal(d);
      case String s -> new Scalar(Kind.STRING, 0, 0);
      case byte[] b -> new Scalar(Kind.BIN_DATA, 0, 0);
      case JsonArray a -> {
        MongoShape element = UNKNOWN;
        for (Object o : a) {
          element = merge(element, of(o));
        }
        yield new Arr(element);
      }
      case JsonObject o -> {
        Kind wrapped = MongoValues.wrapperKind(o);
        if (wrapped == Kind.DECIMAL) {
          yield decimal(new BigDecimal(o.getString("$numberDecimal")));
        }
        if (wrapped == Kind.LONG) {
          yield new Scalar(Kind.LONG, 0, digits(Long.parseLong(o.getString("$numberLong"))));
        }
        if (wrapped != null) {
          yield new Scalar(wrapped, 0, 0);
        }
        Map<String, MongoShape> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o) {
          fields.put(e.getKey(), of(e.getValue()));
        }
        yield new Doc(fields);
      }
      default -> new Mixed(new TreeSet<>(List.of(value.getClass().getSimpleName())));
    };
  }

  private static MongoShape decimal(BigDecimal d) {
    int scale = Math.max(d.scale(), 0);
    int integerDigits = Math.max(d.precision() - d.scale(), 0);
    return new Scalar(Kind.DECIMAL, scale, integerDigits);
  }

  private static int digits(long v) {
    return v == Long.MIN_VALUE ? 19 : Long.toString(Math.abs(v)).length();
  }

  static MongoShape merge(MongoShape a, MongoShape b) {
    if (a instanceof Unknown) {
      return b;
    }
    if (b instanceof Unknown) {
      return a;
    }
    if (a instanceof Scalar x && b instanceof Scalar y) {
      Kind k = widen(x.kind(), y.kind());
      if (k != null) {
        return new Scalar(k, Math.max(x.scale(), y.scale()), Math.max(x.integerDigits(), y.integerDigits()));
      }
    }
    if (a instanceof Doc x && b instanceof Doc y) {
      Map<String, MongoShape> fields = new LinkedHashMap<>(x.fields());
      y.fields().forEach((name, shape) -> fields.merge(name, shape, MongoShape::merge));
      return new Doc(fields);
    }
    if (a instanceof Arr x && b instanceof Arr y) {
      return new Arr(merge(x.element(), y.element()));
    }
    TreeSet<String> kinds = new TreeSet<>();
    kinds.addAll(kinds(a));
    kinds.addAll(kinds(b));
    return new Mixed(kinds);
  }

  private static List<String> kinds(MongoShape s) {
    return switch (s) {
      case Mixed m -> List.copyOf(m.kinds());
      case Scalar x -> List.of(x.kind().alias);
      case Doc d -> List.of("object");
      case Arr a -> List.of("array");
      case Unknown u -> List.of();
    };
  }

  /** The kind both values fit without changing any of them, or null. */
  private static Kind widen(Kind a, Kind b) {
    if (a == b) {
      return a;
    }
    if (pair(a, b, Kind.INT, Kind.LONG)) {
      return Kind.LONG;
    }
    if (pair(a, b, Kind.INT, Kind.DOUBLE)) {
      return Kind.DOUBLE;
    }
    if (pair(a, b, Kind.INT, Kind.DECIMAL) || pair(a, b, Kind.LONG, Kind.DECIMAL)) {
      return Kind.DECIMAL;
    }
    return null;
  }

  private static boolean pair(Kind a, Kind b, Kind x, Kind y) {
    return a == x && b == y || a == y && b == x;
  }

  /** The lake type of a shape; nested field names go through {@link LakeNames} per document level. */
  static LakeType lakeType(MongoShape shape, String path, List<String> warnings) {
    return switch (shape) {
      case Unknown u -> LakeType.Primitive.JSON;
      case Mixed m -> {
        warnings.add("field '" + path + "' has conflicting types " + m.kinds() + " in the sample: stored as JSON");
        yield LakeType.Primitive.JSON;
      }
      case Arr a -> new LakeType.Array(lakeType(a.element(), path + "[]", warnings));
      case Doc d -> {
        if (d.fields().isEmpty()) {
          yield LakeType.Primitive.JSON;
        }
        LakeNames names = new LakeNames();
        List<LakeType.Field> fields = new java.util.ArrayList<>();
        d.fields().forEach((name, s) -> fields.add(new LakeType.Field(names.assign(name),
            lakeType(s, path + "." + name, warnings))));
        names.warnings().forEach(w -> warnings.add("in '" + path + "': " + w));
        yield new LakeType.Row(fields);
      }
      case Scalar s -> switch (s.kind()) {
        case BOOL -> LakeType.Primitive.BOOLEAN;
        case INT -> LakeType.Primitive.INTEGER;
        case LONG -> LakeType.Primitive.BIGINT;
        case DOUBLE -> LakeType.Primitive.DOUBLE;
        case DECIMAL -> {
          int integerDigits = Math.min(s.integerDigits(), LakeType.Decimal.MAX_PRECISION);
          int scale = Math.min(s.scale(), LakeType.Decimal.MAX_PRECISION - integerDigits);
          if (scale < s.scale()) {
            warnings.add("field '" + path + "' (decimal) needs more than 38 digits in the sample: stored as decimal(38,"
                + scale + "); more fraction digits are rounded with a warning");
          }
          yield new LakeType.Decimal(LakeType.Decimal.MAX_PRECISION, scale);
        }
        case STRING, OBJECT_ID -> LakeType.Primitive.VARCHAR;
        case DATE -> LakeType.Primitive.TIMESTAMP;
        case BIN_DATA -> LakeType.Primitive.VARBINARY;
        case TIMESTAMP -> LakeType.Primitive.JSON;
      };
    };
  }

  /** The text carried in Column.sourceType. */
  static String describe(MongoShape shape) {
    Object json = toJson(shape);
    return json instanceof String s ? s : json.toString();
  }

  private static Object toJson(MongoShape shape) {
    return switch (shape) {
      case Unknown u -> "null";
      case Mixed m -> "mixed(" + String.join("|", m.kinds()) + ")";
      case Scalar s -> s.kind().alias;
      case Arr a -> new JsonArray().add(toJson(a.element()));
      case Doc d -> {
        JsonObject o = new JsonObject();
        d.fields().forEach((name, s) -> o.put(name, toJson(s)));
        yield o;
      }
    };
  }

  /** Reads the sourceType text back: a kind name, {@code {..}} for a document, {@code [..]} for an array. */
  static Object parseDescription(String text) {
    if (text.startsWith("{")) {
      return new JsonObject(text);
    }
    if (text.startsWith("[")) {
      return new JsonArray(text);
    }
    return text;
  }
}
