package io.lakeport.catalog;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements a first full publish of each demo table runs, in both dialects, compared as text with
 * src/test/resources/catalog/golden/{dialect}/{table}.sql. After a deliberate change, regenerate them with
 * {@code mvn -pl verticles/core -am test -Dtest=GoldenDdlTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlakeport.golden.update=true} and review the diff; docs/catalog.md shows the same files.
 */
class GoldenDdlTest {

  private static final boolean UPDATE = Boolean.getBoolean("lakeport.golden.update");
  private static final Path SOURCE_DIR = Path.of("src/test/resources/catalog/golden");

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
