package io.lakeport.config;

import io.lakeport.config.LakeportConfig.Group;
import io.lakeport.config.LakeportConfig.SourceKind;
import io.lakeport.testkit.LocalStack;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class ProfileLoaderTest {

  private static final Path CONF = LocalStack.repositoryRoot().resolve("conf");

  @TempDir
  Path dir;

  @Test
  void everyShippedProfileIsValid() throws IOException {
    try (var files = Files.list(CONF)) {
      var profiles = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(profiles).extracting(p -> p.getFileName().toString()).contains("local.yaml", "aws.yaml");
      for (Path profile : profiles) {
        LakeportConfig config = ProfileLoader.load(profile, Map.of());
        assertThat(config.groups()).as(profile.toString()).isNotEmpty();
      }
    }
  }

  @Test
  void localProfileDescribesTheThreeDemoSources() {
    LakeportConfig config = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(config.groups()).containsExactly(Group.INGEST, Group.API, Group.BRIDGE);
    assertThat(config.sources()).containsOnlyKeys("ms1", "ms2", "ms3");
    assertThat(config.source("ms1").kind()).isEqualTo(SourceKind.MYSQL);
    assertThat(config.source("ms2").kind()).isEqualTo(SourceKind.POSTGRESQL);
    assertThat(config.source("ms3").kind()).isEqualTo(SourceKind.MONGODB);
    assertThat(config.source("ms1").tablePrefix()).isEqualTo("ms1_");
    assertThat(config.lake().partSizeBytes()).isEqualTo(8L * 1024 * 1024);
  }

  @Test
  void environmentOverridesReachNestedKeysCaseInsensitively() {
    LakeportConfig config = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of(
        "LAKEPORT_API__PORT", "9123",
        "LAKEPORT_SOURCES__MS1__PASSWORD", "s3cret",
        "LAKEPORT_LAKE__PART_SIZE_MIB", "16",
        "LAKEPORT_GROUPS", "api,bridge",
        "LAKEPORT_PROFILE", "conf/other.yaml",
        "UNRELATED", "x"));
    assertThat(config.api().port()).isEqualTo(9123);
    assertThat(config.source("ms1").password()).isEqualTo("s3cret");
    assertThat(config.lake().partSizeMib()).isEqualTo(16);
    assertThat(config.groups()).containsExactly(Group.API, Group.BRIDGE);
  }

  @Test
  void overridesReachKeysWithOrWithoutUnderscoresBetweenWords() {
    String secret = "a-page-token-secret-of-32-bytes!";
    for (String variable : List.of("LAKEPORT_API__PAGETOKENSECRET", "LAKEPORT_API__PAGE_TOKEN_SECRET",
        "LAKEPORT_api__page_token_secret")) {
      LakeportConfig config = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of(variable, secret));
      assertThat(config.api().pageTokenSecret()).as(variable).isEqualTo(secret);
    }
    LakeportConfig mib = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_LAKE__PARTSIZEMIB", "32"));
    assertThat(mib.lake().partSizeMib()).isEqualTo(32);
  }

  @Test
  void anAmbiguousOverrideNamesBothKeys() throws IOException {
    Path profile = write("""
        groups: [ingest]
        sources:
          ms1:
            kind: mongodb
            uri: mongodb://127.0.0.1:27017
            database: a
            bucket: raw-a
          ms_1:
            kind: mongodb
            uri: mongodb://127.0.0.1:27017
            database: b
            bucket: raw-b
        """);
    refused(profile, Map.of("LAKEPORT_SOURCES__MS1__DATABASE", "c"))
        .hasMessageContaining("LAKEPORT_SOURCES__MS1__DATABASE")
        .hasMessageContaining("sources.ms1").hasMessageContaining("sources.ms_1");
    refused(CONF.resolve("local.yaml"), Map.of(
        "LAKEPORT_API__PAGETOKENSECRET", "a-page-token-secret-of-32-bytes!",
        "LAKEPORT_API__PAGE_TOKEN_SECRET", "another-secret-of-32-bytes-long!"))
        .hasMessageContaining("LAKEPORT_API__PAGETOKENSECRET").hasMessageContaining("LAKEPORT_API__PAGE_TOKEN_SECRET");
  }

  @Test
  void badValuesAreAllReportedWithTheirKeys() throws IOException {
    Path profile = write("""
        groups: [ingest, web]
        lake:
          partSizeMib: 2
          accessKey: only-half
        sources:
          ms1:
            kind: oracle
            bucket: raw-ms1
            format: jsonl
          ms2:
            kind: postgresql
            host: db
            port: seventy
            database: ms2
            user: postgres
            bucket: raw-ms2
            format: jsonl
        api:
          prot: 8000
        """);
    refused(profile, Map.of())
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "groups: unknown group 'web'; expected ingest, api or bridge",
            "lake.partSizeMib: expected a whole number from 5 to 5120, got '2'",
            "lake.secretKey: accessKey and secretKey go together; leave both out to use the default AWS credentials chain",
            "sources.ms1.kind: expected one of mysql, postgresql, mongodb, jdbc, got 'oracle'",
            "sources.ms2.port: expected a whole number from 1 to 65535, got 'seventy'",
            "api.prot: unknown key (known here: apiKeys, corsOrigins, customQueryMaxRows, customQueryTimeoutSeconds, host, maxBodyKib, pageTokenSecret, port)"))
        .hasMessageContaining(profile.toString());
  }

  @Test
  void missingRequiredKeysAreNamed() throws IOException {
    Path profile = write("""
        groups: [ingest]
        sources:
          ms3:
            kind: mongodb
            bucket: raw-ms3
        """);
    problems(profile).containsExactlyInAnyOrder(
        "sources.ms3.uri: is required",
        "sources.ms3.database: is required",
        "lake.iceberg.uri: is required: source 'ms3' has format iceberg (the default), whose tables are committed"
            + " in this JDBC catalog; or set sources.ms3.format: jsonl for JSON Lines files");
  }

  @Test
  void aSourceIsIcebergUnlessItsFormatSaysJsonLinesAndIcebergNeedsTheCatalog() throws IOException {
    LakeportConfig local = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(local.sources().values()).extracting(LakeportConfig.SourceConfig::format)
        .containsOnly(LakeportConfig.TableFormat.ICEBERG);
    assertThat(local.lake().iceberg().uri()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/lakeport_catalog");
    assertThat(local.lake().iceberg().rowGroupBytes()).isEqualTo(16L * 1024 * 1024);
    LakeportConfig jsonl = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of(
        "LAKEPORT_SOURCES__MS1__FORMAT", "jsonl"));
    assertThat(jsonl.source("ms1").format()).isEqualTo(LakeportConfig.TableFormat.JSONL);
    assertThat(jsonl.source("ms2").format()).isEqualTo(LakeportConfig.TableFormat.ICEBERG);
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS1__FORMAT", "orc"))
        .hasMessageContaining("sources.ms1.format");

    Path profile = write("""
        groups: [ingest]
        lake:
          iceberg:
            rowGroupMib: 64
            targetFileMib: 32
        sources:
          ms1:
            kind: mysql
            host: 127.0.0.1
            database: ms1
            user: root
            bucket: raw-ms1
            format: iceberg
            keys:
              pedidos: []
        """);
    problems(profile).containsExactlyInAnyOrder(
        "lake.iceberg.rowGroupMib: must not exceed targetFileMib (32)",
        "lake.iceberg.uri: is required: source 'ms1' has format iceberg (the default), whose tables are committed"
            + " in this JDBC catalog; or set sources.ms1.format: jsonl for JSON Lines files",
        "sources.ms1.keys.pedidos: expected the list of key columns of pedidos (lake names)");
  }

  @Test
  void icebergUpkeepIsOffUnlessScheduledKeepsSevenDaysAndNamesItsBadKeys() throws IOException {
    LakeportConfig local = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(local.lake().iceberg().upkeep()).isEqualTo(LakeportConfig.UpkeepConfig.defaults());
    assertThat(local.lake().iceberg().upkeep().schedule()).isNull();
    assertThat(local.lake().iceberg().upkeep().retentionDays()).isEqualTo(7);
    assertThat(local.lake().iceberg().upkeep().optimize()).isTrue();

    LakeportConfig scheduled = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of(
        "LAKEPORT_LAKE__ICEBERG__UPKEEP__SCHEDULE", "0 4 * * 0", "LAKEPORT_LAKE__ICEBERG__UPKEEP__RETENTIONDAYS", "30",
        "LAKEPORT_LAKE__ICEBERG__UPKEEP__OPTIMIZE", "false"));
    LakeportConfig.UpkeepConfig upkeep = scheduled.lake().iceberg().upkeep();
    assertThat(upkeep.schedule().text()).isEqualTo("0 4 * * 0");
    assertThat(upkeep.retentionDays()).isEqualTo(30);
    assertThat(upkeep.optimize()).isFalse();

    Path profile = write("""
        groups: [ingest]
        lake:
          iceberg:
            uri: jdbc:postgresql://127.0.0.1:5432/lakeport_catalog
            warehouse: s3://lakeport-warehouse/
            upkeep:
              schedule: every 0h
              retentionDays: 0
              optimize: sometimes
              vacuum: true
        sources:
          ms1:
            kind: mysql
            host: 127.0.0.1
            database: ms1
            user: root
            bucket: raw-ms1
        """);
    problems(profile)
        .anySatisfy(p -> assertThat(p).startsWith("lake.iceberg.upkeep.schedule: "))
        .anySatisfy(p -> assertThat(p).startsWith("lake.iceberg.upkeep.retentionDays: expected a whole number from 1"))
        .anySatisfy(p -> assertThat(p).startsWith("lake.iceberg.upkeep.optimize: "))
        .anySatisfy(p -> assertThat(p).startsWith("lake.iceberg.upkeep.vacuum: unknown key"))
        .hasSize(4);
  }

  @Test
  void theIcebergCatalogIsJdbcUnlessItSaysGlueWhichTakesTheLakesRegionAndAnS3Warehouse() throws IOException {
    LakeportConfig local = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(local.lake().iceberg().catalog()).isEqualTo(LakeportConfig.IcebergCatalogKind.JDBC);

    LakeportConfig aws = ProfileLoader.load(CONF.resolve("aws.yaml"), Map.of(
        "LAKEPORT_SOURCES__MS2__FORMAT", "iceberg", "LAKEPORT_LAKE__REGION", "eu-west-1"));
    LakeportConfig.IcebergConfig iceberg = aws.lake().iceberg();
    assertThat(iceberg.catalog()).isEqualTo(LakeportConfig.IcebergCatalogKind.GLUE);
    assertThat(iceberg.uri()).as("no JDBC catalog with glue").isNull();
    assertThat(iceberg.namespace()).isEqualTo(aws.engine().schema());
    assertThat(iceberg.warehouse()).startsWith("s3://");
    assertThat(iceberg.glue()).isEqualTo(new LakeportConfig.GlueConfig("eu-west-1", null, null));
    LakeportConfig tuned = ProfileLoader.load(CONF.resolve("aws.yaml"), Map.of(
        "LAKEPORT_LAKE__ICEBERG__GLUE__REGION", "us-west-2",
        "LAKEPORT_LAKE__ICEBERG__GLUE__ENDPOINT", "https://vpce-1.glue.us-west-2.vpce.amazonaws.com",
        "LAKEPORT_LAKE__ICEBERG__GLUE__CATALOG_ID", "111122223333"));
    assertThat(tuned.lake().iceberg().glue()).isEqualTo(new LakeportConfig.GlueConfig("us-west-2",
        java.net.URI.create("https://vpce-1.glue.us-west-2.vpce.amazonaws.com"), "111122223333"));

    Path glue = write("""
        groups: [api]
        lake:
          iceberg:
            catalog: glue
            uri: jdbc:postgresql://127.0.0.1:5432/lakeport_catalog
            user: lakeport
            warehouse: raw-ms1/warehouse
            namespace: Lake-DB
            glue:
              catalogId: "12345"
              endpoint: not a url
              role: admin
        """);
    problems(glue).containsExactlyInAnyOrder(
        "lake.iceberg.uri: applies to catalog jdbc only; catalog is glue",
        "lake.iceberg.user: applies to catalog jdbc only; catalog is glue",
        "lake.iceberg.warehouse: expected s3://bucket/prefix with catalog glue, got 'raw-ms1/warehouse'",
        "lake.iceberg.namespace: expected a Glue database name (1 to 252 of a-z, 0-9 and _) with catalog glue, "
            + "got 'Lake-DB'",
        "lake.iceberg.glue.catalogId: expected an AWS account id of 12 digits, got '12345'",
        "lake.iceberg.glue.endpoint: expected an absolute URI such as http://host:port, got 'not a url'",
        "lake.iceberg.glue.role: unknown key (known here: catalogId, endpoint, region)");

    Path noWarehouse = write("groups: [api]\nlake:\n  iceberg:\n    catalog: glue\n");
    problems(noWarehouse).containsExactly(
        "lake.iceberg.warehouse: is required with catalog glue: s3://bucket/prefix, where the catalog puts "
            + "tables created without a location");
    Path unknown = write("groups: [api]\nlake:\n  iceberg:\n    catalog: hive\n");
    problems(unknown).containsExactly(
        "lake.iceberg.catalog: expected one of jdbc, glue, got 'hive'");
    Path glueWithJdbc = write("""
        groups: [api]
        lake:
          iceberg:
            uri: jdbc:postgresql://127.0.0.1:5432/lakeport_catalog
            warehouse: s3://raw-ms1/warehouse
            glue:
              region: eu-west-1
        """);
    problems(glueWithJdbc).containsExactly(
        "lake.iceberg.glue: applies to catalog glue only; catalog is jdbc");
  }

  @Test
  void aMongoSourceSamplesAThousandDocumentsUnlessToldOtherwise() throws IOException {
    LakeportConfig local = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(local.source("ms3").sampleSize()).isEqualTo(LakeportConfig.SourceConfig.DEFAULT_SAMPLE_SIZE).isEqualTo(1000);
    LakeportConfig tuned = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS3__SAMPLE_SIZE", "50"));
    assertThat(tuned.source("ms3").sampleSize()).isEqualTo(50);
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS3__SAMPLE_SIZE", "0"))
        .hasMessageContaining("sources.ms3.sampleSize");
  }

  @Test
  void aSqlSourceReadsBigTablesInRangesFromTheirSizeUnlessToldHowMany() throws IOException {
    LakeportConfig local = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS2__FORMAT", "jsonl"));
    LakeportConfig.SourceConfig ms2 = local.source("ms2");
    assertThat(ms2.ranges()).isEqualTo(LakeportConfig.SourceConfig.AUTO_RANGES);
    LakeportConfig.SourceConfig iceberg = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of()).source("ms2");
    assertThat(iceberg.format()).isEqualTo(LakeportConfig.TableFormat.ICEBERG);
    assertThat(iceberg.rangesFor(100_000_000)).as("an iceberg source: one cursor unless ranges says").isEqualTo(1);
    assertThat(iceberg.maxRanges()).isEqualTo(1);
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(ms2.rangesFor(-1)).as("unknown size: one cursor").isEqualTo(1);
    assertThat(ms2.rangesFor(400_000)).isEqualTo(1);
    assertThat(ms2.rangesFor(1_000_000)).isEqualTo(Math.min(2, cores));
    assertThat(ms2.rangesFor(100_000_000)).as("at most one per core").isEqualTo(cores);
    LakeportConfig tuned = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS2__RANGES", "6"));
    assertThat(tuned.source("ms2").rangesFor(10)).isEqualTo(6);
    assertThat(tuned.source("ms2").maxRanges()).isEqualTo(6);
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS2__RANGES", "0"))
        .hasMessageContaining("sources.ms2.ranges");
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_SOURCES__MS3__RANGES", "2"))
        .hasMessageContaining("sources.ms3.ranges: applies to mysql and postgresql sources");
  }

  @Test
  void malformedYamlNamesTheLine() throws IOException {
    Path profile = write("groups: [api\nlake:\n  region: x\n");
    refused(profile, Map.of())
        .hasMessageContaining("not valid YAML at line");
  }

  @Test
  void anIngestProcessOwnsTheSourcesItNames() {
    LakeportConfig all = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(all.ownedSources()).extracting(LakeportConfig.SourceConfig::name).containsExactly("ms1", "ms2", "ms3");
    LakeportConfig one = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_INGEST__SOURCES", "ms2"));
    assertThat(one.ownedSources()).extracting(LakeportConfig.SourceConfig::name).containsExactly("ms2");
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_INGEST__SOURCES", "ms9"))
        .hasMessageContaining("ingest.sources: names source 'ms9', which is not configured under sources");
  }

  @Test
  void ingestWithoutSourcesIsRefused() throws IOException {
    Path profile = write("groups: [ingest]\n");
    refused(profile, Map.of())
        .hasMessageContaining("sources: is required when the ingest group is deployed");
  }

  @Test
  void clusterAndScheduleKeysAreValidatedByName() throws IOException {
    Path profile = write("""
        groups: [ingest]
        cluster:
          enabled: true
          port: 5701
          busPort: 5701
          members: [ingest-ms1:5701, "api:http", "bad host:1", "x:70000"]
        sources:
          ms1:
            kind: mysql
            host: db
            database: ms1
            user: root
            bucket: raw-ms1
            format: jsonl
            schedule: "*/15 * * 13 *"
            scheduleMode: deletes
          ms2:
            kind: postgresql
            host: db
            database: ms2
            user: postgres
            bucket: raw-ms2
            format: jsonl
            scheduleMode: incremental
          ms3:
            kind: mongodb
            uri: mongodb://db
            database: ms3
            bucket: raw-ms3
            format: jsonl
            schedule: every 15m
            scheduleMode: sometimes
        metrics:
          enabled: maybe
          port: 9100
        """);
    problems(profile).containsExactlyInAnyOrder(
        "cluster.members: 'api:http' is not host:port",
        "cluster.members: 'bad host:1' is not host:port",
        "cluster.members: 'x:70000' has a port outside 1-65535",
        "cluster.busPort: must differ from cluster.port (5701)",
        "sources.ms1.schedule: '*/15 * * 13 *': month '13': values must be from 1 to 12",
        "sources.ms2.scheduleMode: applies to a schedule; set sources.ms2.schedule too",
        "sources.ms1.scheduleMode: deletes (delete detection) needs format iceberg; sources.ms1 has format jsonl, whose files have no row-level deletes",
        "sources.ms3.scheduleMode: expected one of full, incremental, deletes, got 'sometimes'",
        "metrics.enabled: expected true or false, got 'maybe'");
    Path disabled = write("groups: [api]\nmetrics:\n  enabled: false\n  port: 9100\n");
    assertThatThrownBy(() -> ProfileLoader.load(disabled, Map.of()))
        .hasMessageContaining("metrics.port: serves metrics, which metrics.enabled turns off");
  }

  @Test
  void theBridgeReadsFramesUpToOneMebibyteUnlessToldOtherwise() {
    LakeportConfig local = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of());
    assertThat(local.bridge().maxFrameBytes()).isEqualTo(LakeportConfig.BridgeConfig.DEFAULT_MAX_FRAME_BYTES).isEqualTo(1 << 20);
    assertThat(ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_BRIDGE__MAX_FRAME_BYTES", "65536"))
        .bridge().maxFrameBytes()).isEqualTo(65536);
    for (String bad : new String[] {"100", "999999999", "lots"}) {
      assertThatThrownBy(() -> ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_BRIDGE__MAX_FRAME_BYTES", bad)))
          .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("bridge.maxFrameBytes");
    }
  }

  @Test
  void theQueryServiceLimitsHaveDocumentedDefaultsAndAreValidatedByName() {
    LakeportConfig.EngineConfig engine = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of()).engine();
    assertThat(engine.cacheMaxRows()).isEqualTo(LakeportConfig.EngineConfig.DEFAULT_CACHE_MAX_ROWS).isEqualTo(10_000);
    assertThat(engine.cacheMaxEntries()).isEqualTo(LakeportConfig.EngineConfig.DEFAULT_CACHE_MAX_ENTRIES).isEqualTo(256);
    assertThat(engine.abandonAfterSeconds()).isEqualTo(LakeportConfig.EngineConfig.DEFAULT_ABANDON_AFTER_SECONDS)
        .isEqualTo(120);
    assertThat(engine.maxUnreachablePolls()).isEqualTo(LakeportConfig.EngineConfig.DEFAULT_MAX_UNREACHABLE_POLLS)
        .isEqualTo(3);
    LakeportConfig.EngineConfig tuned = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of(
        "LAKEPORT_ENGINE__CACHE_MAX_ROWS", "500", "LAKEPORT_ENGINE__ABANDON_AFTER_SECONDS", "30")).engine();
    assertThat(tuned.cacheMaxRows()).isEqualTo(500);
    assertThat(tuned.abandonAfterSeconds()).isEqualTo(30);
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_ENGINE__CACHE_MAX_ENTRIES", "0"))
        .hasMessageContaining("engine.cacheMaxEntries: expected a whole number from 1 to 100000, got '0'");
    assertThat(engine.resultSpoolMaxRows()).isEqualTo(LakeportConfig.EngineConfig.DEFAULT_RESULT_SPOOL_MAX_ROWS)
        .isEqualTo(10_000);
    assertThat(ProfileLoader.load(CONF.resolve("local.yaml"), Map.of("LAKEPORT_ENGINE__RESULT_SPOOL_MAX_ROWS", "0"))
        .engine().resultSpoolMaxRows()).isZero();
    refused(CONF.resolve("local.yaml"),
        Map.of("LAKEPORT_ENGINE__RESULT_SPOOL_MAX_ROWS", "-1"))
        .hasMessageContaining("engine.resultSpoolMaxRows: expected a whole number from 0 to 1000000, got '-1'");
  }

  @Test
  void aClusterNeedsMembersToJoin() {
    refused(CONF.resolve("local.yaml"), Map.of("LAKEPORT_CLUSTER__ENABLED", "true"))
        .hasMessageContaining("cluster.members: is required when cluster.enabled is true");
  }

  @Test
  void clusterMembersAndSchedulesComeFromTheEnvironmentToo() {
    LakeportConfig config = ProfileLoader.load(CONF.resolve("local.yaml"), Map.of(
        "LAKEPORT_CLUSTER__ENABLED", "true",
        "LAKEPORT_CLUSTER__HOST", "10.0.0.5",
        "LAKEPORT_CLUSTER__BUS_PORT", "5702",
        "LAKEPORT_CLUSTER__MEMBERS", "10.0.0.5, 10.0.0.6:5801",
        "LAKEPORT_SOURCES__MS2__SCHEDULE", "0 3 * * *",
        "LAKEPORT_SOURCES__MS2__SCHEDULE_MODE", "incremental"));
    assertThat(config.cluster().enabled()).isTrue();
    assertThat(config.cluster().busPort()).isEqualTo(5702);
    assertThat(config.cluster().memberAddresses()).containsExactly("10.0.0.5:5701", "10.0.0.6:5801");
    assertThat(config.source("ms2").schedule().text()).isEqualTo("0 3 * * *");
    assertThat(config.source("ms2").scheduleMode()).isEqualTo(io.lakeport.run.RunMode.INCREMENTAL);
    assertThat(config.source("ms1").schedule()).isNull();
    assertThat(config.metrics().enabled()).isTrue();
  }

  /** Loading {@code profile} with the overrides {@code env} fails with a {@link ConfigException}. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Path profile, Map<String, String> env) {
    return assertThatThrownBy(() -> ProfileLoader.load(profile, env)).isInstanceOf(ConfigException.class);
  }

  /** Loading {@code profile} fails with a {@link ConfigException}: the problems it lists. */
  private static ListAssert<String> problems(Path profile) {
    return refused(profile, Map.of()).asInstanceOf(type(ConfigException.class))
        .extracting(ConfigException::problems, list(String.class));
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("profile.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
