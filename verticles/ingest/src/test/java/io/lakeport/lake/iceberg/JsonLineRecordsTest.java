package io.lakeport.lake.iceberg;

import io.lakeport.lake.LakeFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lines of the lake's JSON form as Iceberg records, without a store: order, types, nesting and refusals. */
class JsonLineRecordsTest {

  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "amount", Types.DecimalType.of(12, 2)),
      Types.NestedField.optional(3, "day", Types.DateType.get()),
      Types.NestedField.optional(4, "at", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(5, "tags", Types.ListType.ofOptional(6, Types.StringType.get())),
      Types.NestedField.optional(7, "who", Types.StructType.of(
          Types.NestedField.optional(8, "name", Types.StringType.get()),
          Types.NestedField.optional(9, "age", Types.IntegerType.get()))));

  private static List<Record> parse(String chunk) {
    List<Record> records = new ArrayList<>();
    new JsonLineRecords(SCHEMA).parseLines(chunk.getBytes(StandardCharsets.UTF_8), records::add);
    return records;
  }

  @Test
  void everyLineOfAChunkIsOneRecordInOrderWhateverTheOrderOfItsKeys() {
    List<Record> records = parse("""
        {"id":1,"amount":12.50,"day":"2024-02-29","at":"2024-03-10 02:30:00.123456","tags":["a","b"],"who":{"name":"Ana","age":30}}
        {"at":"1999-12-31 23:59:59.999999","id":2,"day":null}
        {"id":3}
        """);
    assertThat(records).hasSize(3);
    Record first = records.getFirst();
    assertThat(first.getField("id")).isEqualTo(1L);
    assertThat(first.getField("amount")).isEqualTo(new BigDecimal("12.50"));
    assertThat(first.getField("day")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(first.getField("at")).isEqualTo(LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_000));
    assertThat(first.getField("tags")).isEqualTo(List.of("a", "b"));
    Record who = (Record) first.getField("who");
    assertThat(who.getField("name")).isEqualTo("Ana");
    assertThat(who.getField("age")).isEqualTo(30);
    assertThat(records.get(1).getField("id")).isEqualTo(2L);
    assertThat(records.get(1).getField("at")).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
    assertThat(records.get(1).getField("day")).isNull();
    assertThat(records.get(2).getField("amount")).as("a record does not keep the previous row's values").isNull();
    assertThat(records.get(2).getField("who")).isNull();
  }

  @Test
  void datesAndTimestampsReadAsTheLakeFormatterReadsThemAndInvalidOnesAreRefused() {
    for (String text : List.of("0001-01-01 00:00:00.000000", "2024-02-29 23:59:59.000001", "9999-12-31 23:59:59.999999")) {
      assertThat(JsonLineRecords.timestamp(text)).isEqualTo(LocalDateTime.parse(text, LakeFormat.TIMESTAMP));
    }
    assertThat(JsonLineRecords.date("2000-01-31")).isEqualTo(LocalDate.parse("2000-01-31", LakeFormat.DATE));
    assertThatThrownBy(() -> JsonLineRecords.date("2023-02-29")).isInstanceOf(java.time.DateTimeException.class);
    assertThatThrownBy(() -> JsonLineRecords.timestamp("2024-01-01 24:00:00.000000"))
        .isInstanceOf(java.time.DateTimeException.class);
    assertThatThrownBy(() -> JsonLineRecords.timestamp("2024-01-01T00:00:00.000000"))
        .isInstanceOf(java.time.DateTimeException.class);
    assertThatThrownBy(() -> parse("{\"id\":1,\"day\":\"2023-02-29\"}\n")).hasMessageContaining("column day");
  }

  @Test
  void aKeyTheSchemaDoesNotNameOrALineThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> parse("{\"id\":1,\"nope\":2}\n")).hasMessageContaining("key nope is not a column");
    assertThatThrownBy(() -> parse("{\"id\":1}\n[1]\n")).hasMessageContaining("must be a JSON object");
  }
}
