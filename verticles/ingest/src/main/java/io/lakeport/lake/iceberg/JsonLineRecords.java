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
import java.util.List;
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

  public JsonLineRecords(Schema schema) {
    this.schema = schema;
  }

  /** Each line of {@code chunk} (JSON objects, each ended by a newline) as a record, in order. */
  public void parseLines(byte[] chunk, Consumer<Record> each) {
    int start = 0;
    for (int i = 0; i <= chunk.length; i++) {
      if (i == chunk.length || chunk[i] == '\n') {
        if (i > start) {
          each.accept(parse(chunk, start, i - start));
        }
        start = i + 1;
      }
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

  private static GenericRecord struct(JsonParser parser, Types.StructType type) throws IOException {
    GenericRecord record = GenericRecord.create(type);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      Types.NestedField field = type.field(name);
      if (field == null) {
        throw new IllegalArgumentException("key " + name + " is not a column of the table");
      }
      parser.nextToken();
      record.setField(name, value(parser, field));
    }
    return record;
  }

  private static Object value(JsonParser parser, Types.NestedField field) throws IOException {
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
        case DATE -> LocalDate.parse(parser.getText(), LakeFormat.DATE);
        case TIMESTAMP -> {
          LocalDateTime local = LocalDateTime.parse(parser.getText(), LakeFormat.TIMESTAMP);
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

  private static List<Object> list(JsonParser parser, Types.ListType type) throws IOException {
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
