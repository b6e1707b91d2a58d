package io.lakeport.source;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.lake.LakeFormat;
import io.lakeport.lake.ValueWarnings;
import io.lakeport.lake.ValueWriter;
import io.lakeport.lake.ValueWriters;
import io.lakeport.schema.LakeType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the Vert.x Mongo client decodes ({"$oid": hex}, {"$date": iso}, {"$binary": bytes}, BigDecimal for
 * Decimal128, Long for Int64, nested JsonObject/JsonArray) into flat lake values, per the inferred shape.
 */
final class MongoValues {

  private MongoValues() {
  }

  /** The BSON kind a single-purpose wrapper object stands for, or null for an ordinary document. */
  static MongoShape.Kind wrapperKind(JsonObject o) {
    if (o.size() == 1) {
      if (o.containsKey("$oid")) {
        return MongoShape.Kind.OBJECT_ID;
      }
      if (o.containsKey("$date")) {
        return MongoShape.Kind.DATE;
      }
      if (o.containsKey("$numberDecimal")) {
        return MongoShape.Kind.DECIMAL;
      }
      if (o.containsKey("$numberLong")) {
        return MongoShape.Kind.LONG;
      }
      if (o.containsKey("$timestamp")) {
        return MongoShape.Kind.TIMESTAMP;
      }
    }
    if (o.containsKey("$binary") && (o.size() == 1 || o.size() == 2 && o.containsKey("$type"))) {
      return MongoShape.Kind.BIN_DATA;
    }
    return null;
  }

  /** A wrapper unwrapped to the Java value the shared writers take; other values unchanged. */
  static Object unwrap(Object value) {
    if (value instanceof JsonObject o) {
      MongoShape.Kind kind = wrapperKind(o);
      if (kind != null) {
        return switch (kind) {
          case OBJECT_ID -> o.getString("$oid");
          case DATE -> date(o.getValue("$date"));
          case DECIMAL -> new BigDecimal(o.getString("$numberDecimal"));
          case LONG -> Long.parseLong(o.getString("$numberLong"));
          // JsonObject hands out bytes as base64url text; getBinary decodes what it encoded.
          case BIN_DATA -> o.getBinary("$binary");
          default -> value;
        };
      }
    }
    return value;
  }

  private static Object date(Object date) {
    if (date instanceof String s) {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
    if (date instanceof Number n) {
      return java.time.Instant.ofEpochMilli(n.longValue());
    }
    return date;
  }

  /**
   * The writer for a field of lake type {@code type} whose sampled shape is {@code shape} (the parsed
   * sourceType: a kind name, a JsonObject of original field names for a document, a JsonArray for an array).
   */
  static ValueWriter writer(LakeType type, Object shape, String path, ValueWarnings warnings) {
    if (type instanceof LakeType.Row row && shape instanceof JsonObject doc) {
      return document(row, doc, path, warnings);
    }
    if (type instanceof LakeType.Array array && shape instanceof JsonArray element) {
      ValueWriter elementWriter = writer(array.element(), element.getValue(0), path + "[]", warnings);
      return (out, value) -> {
        if (value instanceof JsonArray a) {
          out.writeStartArray();
          for (Object o : a) {
            ValueWriters.writeNullable(out, elementWriter, o);
          }
          out.writeEndArray();
        } else {
          warnings.add(path, "non-array value in an array field written as null", String.valueOf(value));
          out.writeNull();
        }
      };
    }
    if (type == LakeType.Primitive.JSON) {
      return (out, value) -> writeJson(out, value, path, warnings);
    }
    if (type == LakeType.Primitive.VARCHAR) {
      return (out, value) -> {
        Object v = unwrap(value);
        if (v instanceof String s) {
          out.writeString(s);
        } else {
          warnings.add(path, "value of another type in a string field written as its JSON text", String.valueOf(value));
          out.writeString(value instanceof JsonObject || value instanceof JsonArray ? value.toString() : String.valueOf(v));
        }
      };
    }
    ValueWriter flat = ValueWriters.forType(type, path, warnings);
    return (out, value) -> {
      Object v = unwrap(value);
      if (v instanceof JsonObject || v instanceof JsonArray) {
        warnings.add(path, "document or array in a " + type.sql() + " field written as null", String.valueOf(value));
        out.writeNull();
      } else {
        flat.write(out, v);
      }
    };
  }

  private static ValueWriter document(LakeType.Row row, JsonObject shape, String path, ValueWarnings warnings) {
    List<String> names = new ArrayList<>(shape.fieldNames());
    List<LakeType.Field> fields = row.fields();
    if (names.size() != fields.size()) {
      throw new IllegalArgumentException("field '" + path + "': the source type lists " + names.size()
          + " fields, the row type " + fields.size());
    }
    List<ValueWriter> writers = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      writers.add(writer(fields.get(i).type(), shape.getValue(names.get(i)), path + "." + fields.get(i).name(), warnings));
    }
    Set<String> known = new HashSet<>(names);
    return (out, value) -> {
      if (!(value instanceof JsonObject doc) || wrapperKind(doc) != null) {
        warnings.add(path, "non-document value in a document field written as null", String.valueOf(value));
        out.writeNull();
        return;
      }
      out.writeStartObject();
      for (int i = 0; i < fields.size(); i++) {
        out.writeFieldName(fields.get(i).name());
        ValueWriters.writeNullable(out, writers.get(i), doc.getValue(names.get(i)));
      }
      out.writeEndObject();
      reportUnknown(doc, known, path, warnings);
    };
  }

  /** Fields the sample did not show are not in the table's schema: dropped, and counted. */
  static void reportUnknown(JsonObject doc, Set<String> known, String path, ValueWarnings warnings) {
    if (doc.size() > known.size() || !known.containsAll(doc.fieldNames())) {
      for (String name : doc.fieldNames()) {
        if (!known.contains(name)) {
          warnings.add(path.isEmpty() ? name : path + "." + name,
              "field not in the sampled schema dropped (raise sampleSize to include it)", String.valueOf(doc.getValue(name)));
        }
      }
    }
  }

  /** A value of a JSON field: its own structure, with wrappers flattened and numbers exact. */
  static void writeJson(JsonGenerator out, Object value, String path, ValueWarnings warnings) throws IOException {
    switch (value) {
      case null -> out.writeNull();
      case Boolean b -> out.writeBoolean(b);
      case Integer i -> out.writeNumber(i);
      case Long l -> out.writeNumber(l);
      case Double d when Double.isNaN(d) || Double.isInfinite(d) -> ValueWriters.dbl(path, warnings).write(out, d);
      case Double d -> out.writeNumber(Double.toString(d));
      case BigDecimal d -> out.writeNumber(d.toPlainString());
      case String s -> out.writeString(s);
      case byte[] b -> out.writeString(Base64.getEncoder().encodeToString(b));
      case JsonArray a -> {
        out.writeStartArray();
        for (Object o : a) {
          writeJson(out, o, path, warnings);
        }
        out.writeEndArray();
      }
      case JsonObject o -> {
        MongoShape.Kind kind = wrapperKind(o);
        if (kind == MongoShape.Kind.TIMESTAMP || kind == null) {
          JsonObject body = kind == null ? o : o.getJsonObject("$timestamp");
          out.writeStartObject();
          for (Map.Entry<String, Object> e : body) {
            out.writeFieldName(e.getKey());
            writeJson(out, e.getValue(), path, warnings);
          }
          out.writeEndObject();
        } else {
          Object flat = unwrap(o);
          switch (flat) {
            case OffsetDateTime t -> ValueWriters.timestamp(path, warnings).write(out, t);
            case java.time.Instant t -> ValueWriters.timestamp(path, warnings).write(out, t);
            default -> writeJson(out, flat, path, warnings);
          }
        }
      }
      default -> out.writeString(value.toString());
    }
  }

  /** The watermark text of a top-level value (see {@link #watermarkParameter}). */
  static String watermarkText(Object value) {
    Object v = unwrap(value);
    return switch (v) {
      case OffsetDateTime t -> LakeFormat.TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
      case BigDecimal d -> d.toPlainString();
      case Double d -> Double.toString(d);
      default -> v.toString();
    };
  }

  /** The watermark text as a query value of the field's kind, so {@code $gt} compares like with like. */
  static Object watermarkParameter(String shape, String text) {
    MongoShape.Kind kind = MongoShape.Kind.of(shape);
    if (kind == null) {
      throw new IllegalArgumentException("a field of shape " + shape + " cannot be a watermark");
    }
    return switch (kind) {
      case DATE -> new JsonObject().put("$date", LakeFormat.parseTimestamp(text).atOffset(ZoneOffset.UTC)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      case OBJECT_ID -> new JsonObject().put("$oid", text);
      case INT, LONG -> Long.parseLong(text);
      case DOUBLE -> Double.parseDouble(text);
      case DECIMAL -> new BigDecimal(text);
      case STRING -> text;
      default -> throw new IllegalArgumentException("a field of shape " + shape + " cannot be a watermark");
    };
  }
}
