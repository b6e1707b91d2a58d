package io.lakeport.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The three output formats of {@code query}, from one answer of {@code POST /api/query-custom}. */
class QueryCommandTest {

  private static final JsonObject RESULT = new JsonObject()
      .put("columns", new JsonArray()
          .add(new JsonObject().put("name", "id").put("type", "bigint"))
          .add(new JsonObject().put("name", "nombre").put("type", "varchar"))
          .add(new JsonObject().put("name", "saldo").put("type", "decimal(12,2)"))
          .add(new JsonObject().put("name", "datos").put("type", "json")))
      .put("rows", new JsonArray()
          .add(new JsonObject().put("id", 1).put("nombre", "Ana, \"la\" primera").put("saldo", "10.50")
              .put("datos", new JsonObject().put("a", 1)))
          .add(new JsonObject().put("id", 22).put("nombre", "Luis").putNull("saldo").putNull("datos")));

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void aTableIsAlignedWithNullsShownAndARowCount() {
    QueryCommand.print(RESULT, QueryCommand.Format.table, out);
    assertThat(text()).isEqualTo("""
        id  nombre             saldo  datos
        1   Ana, "la" primera  10.50  {"a":1}
        22  Luis               NULL   NULL
        (2 rows)
        """);
  }

  @Test
  void csvQuotesWhatNeedsItAndLeavesNullsEmpty() {
    QueryCommand.print(RESULT, QueryCommand.Format.csv, out);
    assertThat(text()).isEqualTo("id,nombre,saldo,datos\r\n1,\"Ana, \"\"la\"\" primera\",10.50,\"{\"\"a\"\":1}\"\r\n22,Luis,,\r\n");
  }

  @Test
  void jsonLinesAreTheRowsAsTheApiAnsweredThem() {
    QueryCommand.print(RESULT, QueryCommand.Format.jsonl, out);
    assertThat(text().lines().map(JsonObject::new).toList()).containsExactly(
        RESULT.getJsonArray("rows").getJsonObject(0), RESULT.getJsonArray("rows").getJsonObject(1));
    assertThat(text()).endsWith("\n").doesNotContain("\r");
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
