package io.lakeport.lake.iceberg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.lakeport.lake.LakeFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.StringWriter;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows of the lake's JSON Lines form (docs/lake-format.md, the chunks sources send over the bus) as Iceberg
 * records of a table schema. Reads each line once with Jackson's streaming parser: numbers keep their
 * exact text (decimals through {@code BigDecimal}, never double), a {@code json} column keeps its value's
 * JSON text. A key the schema does not name is an error: lines and schema come from the same source schema.
 */
public final class JsonLineRecords {

  private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private final Schema schema;
  /**
   * An empty record per struct type, copied for each row: {@code GenericRecord.create} looks the type's name
   * map up in a shared cache, by a hash of the whole type, for every row.
   */
  private final Map<Types.StructType, GenericRecord> templates = new IdentityHashMap<>();

  public JsonLineRecords(Schema schema) {
    this.schema = schema;
  }

  /**
   * Each line of {@code chunk} (JSON objects, each ended by a newline) as a record, in order: one parser reads
   * the chunk's objects one after the other (the lines are JSON values in a row), rather than one per line.
   */
  public void parseLines(byte[] chunk, Consumer<Record> each) {
    try (JsonParser parser = JSON.createParser(chunk)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("a lake line must be a JSON object");
        }
        each.accept(struct(parser, schema.asStruct()));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a lake line: " + e.getMessage(), e);
    }
  }

  /** One line (a JSON object, without the newline) as a record. */
  public Record parse(byte[] bytes, int offset, int length) {
    try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a lake line must be a JSON object");
      }
      return struct(parser, schema.asStruct());
    } catch (IOException e) {
      throw new IllegalArgumentException("not a lake line: " + e.getMessage(), e);
    }
  }

  /**
   * The object the parser is at, as a record of {@code type}. Sources write a row's keys in the schema's order,
   * so each key is first tried at the next position; a key elsewhere is looked up by name.
   */
  private GenericRecord struct(JsonParser parser, Types.StructType type) throws IOException {
    GenericRecord record = templates.computeIfAbsent(type, GenericRecord::create).copy();
    List<Types.NestedField> fields = type.fields();
    int next = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      int position = next < fields.size() && fields.get(next).name().equals(name) ? next : position(fields, name);
      if (position < 0) {
        throw new IllegalArgumentException("key " + name + " is not a column of the table");
      }
      parser.nextToken();
      record.set(position, value(parser, fields.get(position)));
      next = position + 1;
    }
    return record;
  }

  private static int position(List<Types.NestedField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private Object value(JsonParser parser, Types.NestedField field) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    Type type = field.type();
    try {
      return switch (type.typeId()) {
        case BOOLEAN -> parser.getBooleanValue();
        case INTEGER -> parser.getIntValue();
        case LONG -> parser.getLongValue();
        case DOUBLE -> parser.currentToken() == JsonToken.VALUE_STRING ? Double.parseDouble(parser.getText())
            : parser.getDoubleValue();
        case DECIMAL -> parser.getDecimalValue().setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
        case STRING -> parser.currentToken() == JsonToken.VALUE_STRING && !isJson(field) ? parser.getText()
            : jsonText(parser);
        case DATE -> date(parser.getText());
        case TIMESTAMP -> {
          LocalDateTime local = timestamp(parser.getText());
          yield ((Types.TimestampType) type).shouldAdjustToUTC() ? local.atOffset(ZoneOffset.UTC) : local;
        }
        case BINARY -> ByteBuffer.wrap(Base64.getDecoder().decode(parser.getText()));
        case LIST -> list(parser, (Types.ListType) type);
        case STRUCT -> struct(parser, (Types.StructType) type);
        default -> throw new IllegalArgumentException("no lake form for Iceberg type " + type);
      };
    } catch (RuntimeException | IOException e) {
      throw new IllegalArgumentException("column " + field.name() + " (" + type + "): " + e.getMessage(), e);
    }
  }

  /** A {@code json} lake column is a string column whose doc says so (see {@link IcebergSchemas}). */
  private static boolean isJson(Types.NestedField field) {
    return IcebergSchemas.JSON_DOC.equals(field.doc());
  }

  /**
   * A lake date ({@code yyyy-MM-dd}): the common four-digit year read digit by digit (the formatter costs more
   * than the rest of the row), anything else through {@link LakeFormat#DATE}; both refuse an invalid date.
   */
  static LocalDate date(String text) {
    if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      if (year >= 0 && month >= 0 && day >= 0) {
        return LocalDate.of(year, month, day);
      }
    }
    return LocalDate.parse(text, LakeFormat.DATE);
  }

  /** A lake timestamp ({@code yyyy-MM-dd HH:mm:ss.SSSSSS}), read the same way as {@link #date}. */
  static LocalDateTime timestamp(String text) {
    if (text.length() == 26 && text.charAt(10) == ' ' && text.charAt(13) == ':' && text.charAt(16) == ':'
        && text.charAt(19) == '.') {
      LocalDate day = date(text.substring(0, 10));
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      int micros = digits(text, 20, 6);
      if (hour >= 0 && minute >= 0 && second >= 0 && micros >= 0) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, minute, second, micros * 1000));
      }
    }
    return LocalDateTime.parse(text, LakeFormat.TIMESTAMP);
  }

  /** The number the {@code count} ASCII digits at {@code from} spell; -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private List<Object> list(JsonParser parser, Types.ListType type) throws IOException {
    List<Object> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values.add(value(parser, type.fields().getFirst()));
    }
    return values;
  }

  /** The current value as JSON text, exactly as the line has it (numbers keep their own text). */
  private static String jsonText(JsonParser parser) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      int depth = 0;
      do {
        JsonToken token = parser.currentToken();
        switch (token) {
          case START_OBJECT -> { generator.writeStartObject(); depth++; }
          case START_ARRAY -> { generator.writeStartArray(); depth++; }
          case END_OBJECT -> { generator.writeEndObject(); depth--; }
          case END_ARRAY -> { generator.writeEndArray(); depth--; }
          case FIELD_NAME -> generator.writeFieldName(parser.currentName());
          // writeNumber(String) writes the text as it is: 1.10 stays 1.10.
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
          default -> generator.copyCurrentEvent(parser);
        }
      } while (depth > 0 && parser.nextToken() != null);
    }
    return out.toString();
  }
}
