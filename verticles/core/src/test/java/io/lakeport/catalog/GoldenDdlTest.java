package io.lakeport.catalog;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements a first full publish of each demo table runs, in both dialects, compared as text with
 * src/test/resources/catalog/golden/{dialect}/{table}.sql. After a deliberate change, regenerate them with
 * {@code mvn -pl verticles/core -am test -Dtest=GoldenDdlTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlakeport.golden.update=true} and review the diff. docs/catalog.md shows the same files between
 * {@code <!-- golden:NAME -->} markers; the same switch rewrites them, and the test fails when they differ.
 */
class GoldenDdlTest {

  private static final boolean UPDATE = Boolean.getBoolean("lakeport.golden.update");
  /** Surefire runs in the module directory. */
  private static final Path SOURCE_DIR = Path.of("src/test/resources/catalog/golden");
  private static final Path DOC = Path.of("../../docs/catalog.md");
  private static final Pattern DOC_BLOCK = Pattern.compile("(?s)<!-- golden:([\\w/]+\\.sql) -->\\n.*?<!-- /golden -->");

  @TestFactory
  Stream<DynamicTest> firstFullPublishOfEachDemoTable() {
    List<CatalogDialect> dialects = List.of(new TrinoHiveDialect("hive", "lakeport"), new AthenaDialect("lakeport"));
    List<DynamicTest> tests = new ArrayList<>();
    for (CatalogDialect dialect : dialects) {
      tests.add(DynamicTest.dynamicTest(dialect.name() + " schema", () ->
          compare(dialect.name() + "/_schema.sql", dialect.createSchema() + ";\n")));
      for (Map.Entry<String, CommittedTable> entry : DemoSchemas.firstFullRuns().entrySet()) {
        tests.add(DynamicTest.dynamicTest(dialect.name() + " " + entry.getKey(), () ->
            compare(dialect.name() + "/" + entry.getKey() + ".sql", firstPublish(dialect, entry.getValue()))));
      }
    }
    return tests.stream();
  }

  /** What EngineCatalog runs on an engine that has never seen the table, minus the listing queries. */
  static String firstPublish(CatalogDialect dialect, CommittedTable table) {
    TableDefinition definition = TableDefinition.of(table);
    List<String> statements = new ArrayList<>();
    statements.add(dialect.createTable(definition));
    statements.addAll(dialect.registerPartitions(definition, table.snapshotId(), table.days()));
    statements.add(dialect.createOrReplaceView(definition, table.snapshotId()));
    return String.join(";\n\n", statements) + ";\n";
  }

  @Test
  void docsShowTheGoldenFiles() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Matcher blocks = DOC_BLOCK.matcher(doc);
    StringBuilder regenerated = new StringBuilder();
    int found = 0;
    while (blocks.find()) {
      String golden = Files.readString(SOURCE_DIR.resolve(blocks.group(1)), StandardCharsets.UTF_8);
      blocks.appendReplacement(regenerated, Matcher.quoteReplacement(
          "<!-- golden:" + blocks.group(1) + " -->\n```sql\n" + golden + "```\n<!-- /golden -->"));
      found++;
    }
    blocks.appendTail(regenerated);
    assertThat(found).as("golden blocks in docs/catalog.md").isEqualTo(20);
    if (UPDATE) {
      Files.writeString(DOC, regenerated.toString(), StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc).as("docs/catalog.md shows the golden files (regenerate with -Dlakeport.golden.update=true)")
        .isEqualTo(regenerated.toString());
  }

  private static void compare(String name, String actual) throws IOException {
    if (UPDATE) {
      Path file = SOURCE_DIR.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = GoldenDdlTest.class.getResourceAsStream("/catalog/golden/" + name)) {
      assertThat(in).as("golden file catalog/golden/%s (generate with -Dlakeport.golden.update=true)", name).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
