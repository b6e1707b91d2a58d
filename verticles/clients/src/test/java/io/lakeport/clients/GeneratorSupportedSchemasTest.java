package io.lakeport.clients;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.yaml uses none of the schema shapes openapi-generator 7.25.0 cannot handle, which it only logs and
 * goes on (docs/api.md, "Generated clients"): a type list of two or more non-null types (`[object, array]`,
 * `[number, string, 'null']`: "not yet supported ... multiple types"), a nullable object without
 * `properties` or `additionalProperties` (typed as Object), an `allOf` (a refined `items` is typed as Object).
 * Needs no server: a new schema of such a shape fails here before the generated clients' tests run.
 */
class GeneratorSupportedSchemasTest {

  private static final Path CONTRACT = Path.of("..", "..", "openapi.yaml");

  @Test
  void theContractUsesOnlyShapesTheGeneratorsHandle() throws Exception {
    Object contract;
    try (Reader reader = Files.newBufferedReader(CONTRACT, StandardCharsets.UTF_8)) {
      contract = new Yaml().load(reader);
    }
    List<String> unsupported = new ArrayList<>();
    walk(contract, "#", unsupported);
    assertThat(unsupported).as("schemas openapi-generator cannot handle; see docs/api.md, \"Generated clients\"").isEmpty();
  }

  @Test
  void eachShapeItRefusesIsFound() {
    List<String> found = new ArrayList<>();
    walk(new Yaml().load("""
        a: {type: [object, array]}
        b: {type: [number, string, 'null']}
        c: {type: [object, 'null']}
        d: {allOf: [{type: object}]}
        ok1: {type: [string, 'null']}
        ok2: {type: [object, 'null'], additionalProperties: true}
        """), "#", found);
    assertThat(found).containsExactly(
        "#/a: type list [object, array]", "#/b: type list [number, string, null]",
        "#/c: nullable object without properties or additionalProperties", "#/d: allOf");
  }

  private static void walk(Object node, String pointer, List<String> unsupported) {
    if (node instanceof Map<?, ?> map) {
      if (map.get("type") instanceof List<?> types) {
        List<?> nonNull = types.stream().filter(t -> !"null".equals(t)).toList();
        if (nonNull.size() > 1) {
          unsupported.add(pointer + ": type list " + types.toString());
        } else if (nonNull.equals(List.of("object")) && !map.containsKey("properties")
            && !map.containsKey("additionalProperties")) {
          unsupported.add(pointer + ": nullable object without properties or additionalProperties");
        }
      }
      if (map.containsKey("allOf")) {
        unsupported.add(pointer + ": allOf");
      }
      map.forEach((key, value) -> walk(value, pointer + "/" + key, unsupported));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), pointer + "/" + i, unsupported);
      }
    }
  }
}
