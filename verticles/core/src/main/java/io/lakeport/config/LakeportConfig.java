package io.lakeport.config;

import io.lakeport.run.RunMode;
import io.lakeport.schedule.Schedule;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated deployment profile. Built only through {@link #from(JsonObject, String)}, which checks every
 * key and throws one {@link ConfigException} naming all of the bad ones.
 */
public record LakeportConfig(
    List<Group> groups,
    ClusterConfig cluster,
    LakeConfig lake,
    IngestConfig ingest,
    Map<String, SourceConfig> sources,
    EngineConfig engine,
    ApiConfig api,
    BridgeConfig bridge,
    MetricsConfig metrics) {

  /** The verticle groups one process can run; a profile names the ones it deploys. */
  public enum Group { INGEST, API, BRIDGE }

  public static LakeportConfig from(JsonObject json, String origin) {
    List<String> problems = new ArrayList<>();
    ConfigNode root = ConfigNode.root(json, problems);

    List<Group> groups = new ArrayList<>();
    for (String name : root.strings("groups")) {
      try {
        groups.add(Group.valueOf(name.toUpperCase()));
      } catch (IllegalArgumentException e) {
        root.problem("groups", "unknown group '" + name + "'; expected ingest, api or bridge");
      }
    }
    if (groups.isEmpty() && !root.has("groups")) {
      root.problem("groups", "is required: the verticle groups to deploy (ingest, api, bridge)");
    }

    ClusterConfig cluster = ClusterConfig.read(root.child("cluster"));
    LakeConfig lake = LakeConfig.read(root.child("lake"));
    ConfigNode ingestNode = root.child("ingest");
    IngestConfig ingest = IngestConfig.read(ingestNode);
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    root.children("sources").forEach((name, node) -> sources.put(name, SourceConfig.read(name, node)));
    if (groups.contains(Group.INGEST) && sources.isEmpty()) {
      root.problem("sources", "is required when the ingest group is deployed: at least one source");
    }
    for (String owned : ingest.sources()) {
      if (!sources.containsKey(owned)) {
        ingestNode.problem("sources", "names source '" + owned + "', which is not configured under sources");
      }
    }
    if (lake.iceberg().catalog() == IcebergCatalogKind.JDBC && lake.iceberg().uri() == null) {
      sources.values().stream().filter(s -> s.format() == TableFormat.ICEBERG).findFirst().ifPresent(s ->
          root.child("lake").child("iceberg").problem("uri", "is required: source '" + s.name()
              + "' has format iceberg (the default), whose tables are committed in this JDBC catalog;"
              + " or set sources." + s.name() + ".format: jsonl for JSON Lines files"));
    }
    EngineConfig engine = EngineConfig.read(root.child("engine"));
    ApiConfig api = ApiConfig.read(root.child("api"));
    BridgeConfig bridge = BridgeConfig.read(root.child("bridge"));
    MetricsConfig metrics = MetricsConfig.read(root.child("metrics"));
    root.rejectUnknownKeys();

    if (!problems.isEmpty()) {
      throw new ConfigException(origin, problems);
    }
    // Keep the profile's order: runs, listings and logs follow it.
    return new LakeportConfig(List.copyOf(groups), cluster, lake, ingest,
        java.util.Collections.unmodifiableMap(sources), engine, api, bridge, metrics);
  }

  public boolean deploys(Group group) {
    return groups.contains(group);
  }

  public SourceConfig source(String name) {
    SourceConfig source = sources.get(name);
    if (source == null) {
      throw new IllegalArgumentException("no source named '" + name + "' (configured: " + sources.keySet() + ")");
    }
    return source;
  }

  /**
   * Event bus clustering: a Hazelcast member joining the others over TCP/IP (no multicast).
   *
   * @param host    the address this member binds and announces to the others, for Hazelcast and for the
   *                event bus (a container's service name in compose)
   * @param port    Hazelcast's port
   * @param busPort the event bus's own TCP port (0: any free port, announced through the cluster)
   * @param members {@code host:port} (or {@code host}, meaning {@link #port}) of members to join through;
   *                may include this one
   */
  public record ClusterConfig(boolean enabled, String host, int port, int busPort, List<String> members) {
    static ClusterConfig read(ConfigNode node) {
      ClusterConfig config = new ClusterConfig(
          node.bool("enabled", false),
          node.string("host", "127.0.0.1"),
          node.integer("port", 5701, 1, 65535),
          node.integer("busPort", 0, 0, 65535),
          List.copyOf(node.strings("members")));
      if (config.host.isBlank()) {
        node.problem("host", "must not be empty");
      }
      for (String member : config.members) {
        String problem = memberProblem(member);
        if (problem != null) {
          node.problem("members", "'" + member + "' " + problem);
        }
      }
      if (config.enabled && config.members.isEmpty()) {
        node.problem("members", "is required when cluster.enabled is true: host:port of the members to join");
      }
      if (config.enabled && config.busPort != 0 && config.busPort == config.port) {
        node.problem("busPort", "must differ from cluster.port (" + config.port + ")");
      }
      node.rejectUnknownKeys();
      return config;
    }

    private static String memberProblem(String member) {
      int colon = member.lastIndexOf(':');
      String host = colon < 0 ? member : member.substring(0, colon);
      if (host.isBlank() || host.contains(" ")) {
        return "is not host:port";
      }
      if (colon >= 0) {
        try {
          int port = Integer.parseInt(member.substring(colon + 1));
          if (port < 1 || port > 65535) {
            return "has a port outside 1-65535";
          }
        } catch (NumberFormatException e) {
          return "is not host:port";
        }
      }
      return null;
    }

    /** The members as {@code host:port}, with this member's {@link #port} where a member names none. */
    public List<String> memberAddresses() {
      return members.stream().map(m -> m.contains(":") ? m : m + ":" + port).toList();
    }
  }

  /**
   * Where the lake lives: the S3 API of AWS or of a compatible store. Without an endpoint the SDK talks
   * to AWS; without keys it uses the default credentials provider chain (IAM roles).
   */
  public record LakeConfig(
      URI endpoint,
      String region,
      boolean pathStyle,
      String accessKey,
      String secretKey,
      int partSizeMib,
      int partsInFlight,
      int maxObjectMib,
      boolean gzip,
      int keepSnapshots,
      IcebergConfig iceberg) {

    static LakeConfig read(ConfigNode node) {
      LakeConfig config = new LakeConfig(
          node.uri("endpoint", null),
          node.string("region", "us-east-1"),
          node.bool("pathStyle", false),
          node.string("accessKey", null),
          node.string("secretKey", null),
          // S3 refuses parts under 5 MiB (but the last); 5 GiB is its ceiling per part.
          node.integer("partSizeMib", 8, 5, 5 * 1024),
          node.integer("partsInFlight", 2, 1, 64),
          node.integer("maxObjectMib", 1024, 5, 5 * 1024 * 1024),
          node.bool("gzip", false),
          node.integer("keepSnapshots", 2, 1, 1000),
          IcebergConfig.read(node.child("iceberg"), node.string("region", "us-east-1")));
      if ((config.accessKey == null) != (config.secretKey == null)) {
        node.problem(config.accessKey == null ? "accessKey" : "secretKey",
            "accessKey and secretKey go together; leave both out to use the default AWS credentials chain");
      }
      node.rejectUnknownKeys();
      return config;
    }

    public long partSizeBytes() {
      return mebibytes(partSizeMib);
    }

    public long maxObjectBytes() {
      return mebibytes(maxObjectMib);
    }
  }

  private static long mebibytes(int mib) {
    return mib * 1024L * 1024L;
  }

  /** How a source's tables are kept in the lake (docs/lake-format.md). */
  public enum TableFormat {
    /** Apache Iceberg (format version 2) tables of Parquet files, committed in {@link IcebergConfig}'s catalog; the default. */
    ICEBERG,
    /** JSON Lines files under Hive external tables (the original layout). */
    JSONL
  }

  /** Which Iceberg catalog commits the tables of {@code format: iceberg} sources. */
  public enum IcebergCatalogKind {
    /** Iceberg's JDBC catalog in a database (locally PostgreSQL), which Trino reads. */
    JDBC,
    /** The AWS Glue Data Catalog, which Athena reads. */
    GLUE
  }

  /**
   * The Iceberg catalog of sources with {@code format: iceberg}: Iceberg's JDBC catalog in a database
   * (locally PostgreSQL database {@code lakeport_catalog}), or on AWS the Glue Data Catalog. The engine must
   * read the same catalog (Trino: {@code iceberg.jdbc-catalog.catalog-name} = {@link #name}; Athena reads
   * Glue's).
   *
   * @param catalog       {@code jdbc} (the default) or {@code glue}
   * @param uri           JDBC URL of the catalog database; required once a source uses the iceberg format
   *                      with the jdbc catalog; {@code user}/{@code password} go with it
   * @param warehouse     where the catalog puts tables created without a location (Lakeport's have one: the
   *                      source's bucket, under {@code iceberg/}); required with uri, and with glue an
   *                      {@code s3://bucket/prefix}
   * @param namespace     the Iceberg namespace (the engine's schema) of the tables; with glue the Glue database
   * @param rowGroupMib   Parquet row group size: what a writer holds in memory per open file
   * @param targetFileMib a data file is closed and a new one started past this size
   * @param trinoCatalog  Trino's catalog over the same JDBC catalog, which the engine views select from
   * @param glue          the Glue catalog's settings (defaults when the catalog is jdbc)
   * @param upkeep        the scheduled upkeep of the tables (compaction, snapshot expiry, orphan files)
   */
  public record IcebergConfig(IcebergCatalogKind catalog, String uri, String user, String password, String name,
                              String warehouse, String namespace, int rowGroupMib, int targetFileMib,
                              String trinoCatalog, GlueConfig glue, UpkeepConfig upkeep) {
    static IcebergConfig read(ConfigNode node, String lakeRegion) {
      IcebergCatalogKind catalog = node.enumeration("catalog", IcebergCatalogKind.class, IcebergCatalogKind.JDBC);
      boolean glueSettings = node.has("glue");
      IcebergConfig config = new IcebergConfig(
          catalog,
          node.string("uri", null),
          node.string("user", null),
          node.string("password", null),
          node.string("name", "lakeport"),
          node.string("warehouse", null),
          node.string("namespace", "lakeport"),
          node.integer("rowGroupMib", 16, 1, 1024),
          node.integer("targetFileMib", 128, 1, 16 * 1024),
          node.string("trinoCatalog", "iceberg"),
          GlueConfig.read(node.child("glue"), lakeRegion),
          UpkeepConfig.read(node.child("upkeep")));
      if (config.uri != null && !config.uri.startsWith("jdbc:")) {
        node.problem("uri", "expected a JDBC URL starting with jdbc:, got '" + config.uri + "'");
      }
      if (catalog == IcebergCatalogKind.JDBC) {
        if (config.uri != null && config.warehouse == null) {
          node.problem("warehouse", "is required with uri: where the catalog puts tables created without a location");
        }
        if (glueSettings) {
          node.problem("glue", "applies to catalog glue only; catalog is jdbc");
        }
      } else {
        for (String jdbcOnly : List.of("uri", "user", "password")) {
          if (node.has(jdbcOnly)) {
            node.problem(jdbcOnly, "applies to catalog jdbc only; catalog is glue");
          }
        }
        if (config.warehouse == null) {
          node.problem("warehouse", "is required with catalog glue: s3://bucket/prefix, where the catalog puts "
              + "tables created without a location");
        } else if (!config.warehouse.matches("s3://[^/]+(/.*)?")) {
          node.problem("warehouse", "expected s3://bucket/prefix with catalog glue, got '" + config.warehouse + "'");
        }
        if (!config.namespace.matches("[a-z0-9_]{1,252}")) {
          node.problem("namespace", "expected a Glue database name (1 to 252 of a-z, 0-9 and _) with catalog glue, "
              + "got '" + config.namespace + "'");
        }
      }
      if (config.rowGroupMib > config.targetFileMib) {
        node.problem("rowGroupMib", "must not exceed targetFileMib (" + config.targetFileMib + ")");
      }
      node.rejectUnknownKeys();
      return config;
    }

    public long rowGroupBytes() {
      return mebibytes(rowGroupMib);
    }

    public long targetFileBytes() {
      return mebibytes(targetFileMib);
    }
  }

  /** The section's {@code schedule} ({@link Schedule}), null when absent; a bad one is a problem naming the key. */
  static Schedule readSchedule(ConfigNode node) {
    String text = node.string("schedule", null);
    if (text == null) {
      return null;
    }
    try {
      return Schedule.parse(text);
    } catch (IllegalArgumentException e) {
      node.problem("schedule", e.getMessage());
      return null;
    }
  }

  /**
   * The upkeep of the Iceberg tables of {@code format: iceberg} sources, through the engine's own statements
   * (docs/lake-format.md "Upkeep"): compaction of small files, expiry of old snapshots, removal of files no
   * snapshot references. Each process runs it for the sources it owns, never while a run of the source is
   * going on.
   *
   * @param schedule      when (see {@link Schedule}); null: no scheduled upkeep (it can still be asked for on
   *                      the bus)
   * @param retentionDays snapshots and unreferenced files younger than this are kept (Trino refuses less
   *                      than its {@code iceberg.expire-snapshots.min-retention}, 7 days by default)
   * @param optimize      whether upkeep compacts small data files (and merges delete files) first
   */
  public record UpkeepConfig(Schedule schedule, int retentionDays, boolean optimize) {
    public static final int DEFAULT_RETENTION_DAYS = 7;

    public UpkeepConfig {
      if (retentionDays < 1) {
        throw new IllegalArgumentException("retentionDays must be at least 1, got " + retentionDays);
      }
    }

    /** No scheduled upkeep, the default retention, compaction on. */
    public static UpkeepConfig defaults() {
      return new UpkeepConfig(null, DEFAULT_RETENTION_DAYS, true);
    }

    static UpkeepConfig read(ConfigNode node) {
      UpkeepConfig config = new UpkeepConfig(readSchedule(node),
          node.integer("retentionDays", DEFAULT_RETENTION_DAYS, 1, 3650),
          node.bool("optimize", true));
      node.rejectUnknownKeys();
      return config;
    }
  }

  /**
   * The AWS Glue Data Catalog of {@code lake.iceberg.catalog: glue}. Credentials are the lake's: its
   * accessKey/secretKey where it has them, else the AWS SDK's default provider chain.
   *
   * @param region    Glue's region; default the lake's
   * @param endpoint  Glue's endpoint where it is not AWS's public one (a VPC endpoint, a test's fake)
   * @param catalogId the AWS account id whose catalog holds the tables; default the caller's account
   */
  public record GlueConfig(String region, URI endpoint, String catalogId) {
    static GlueConfig read(ConfigNode node, String lakeRegion) {
      GlueConfig config = new GlueConfig(
          node.string("region", lakeRegion),
          node.uri("endpoint", null),
          node.string("catalogId", null));
      if (config.catalogId != null && !config.catalogId.matches("[0-9]{12}")) {
        node.problem("catalogId", "expected an AWS account id of 12 digits, got '" + config.catalogId + "'");
      }
      node.rejectUnknownKeys();
      return config;
    }
  }

  /**
   * Flow control and parallelism of ingest runs.
   *
   * @param sources the configured sources this process ingests (empty: all of them). In a deployment with
   *                one ingest container per source, each names its own, and runs triggered anywhere on the
   *                clustered bus are routed to it.
   */
  public record IngestConfig(int fetchSize, int chunkKib, int credits, int tableParallelism,
                             List<String> sources) {
    static IngestConfig read(ConfigNode node) {
      IngestConfig config = new IngestConfig(
          node.integer("fetchSize", 1000, 1, 1_000_000),
          node.integer("chunkKib", 1024, 4, 64 * 1024),
          node.integer("credits", 4, 1, 1024),
          node.integer("tableParallelism", 2, 1, 64),
          List.copyOf(node.strings("sources")));
      node.rejectUnknownKeys();
      return config;
    }

    public int chunkBytes() {
      return chunkKib * 1024;
    }
  }

  /** The sources this process runs ingests for: {@code ingest.sources}, or every configured source. */
  public List<SourceConfig> ownedSources() {
    if (ingest.sources().isEmpty()) {
      return List.copyOf(sources.values());
    }
    return ingest.sources().stream().map(sources::get).toList();
  }

  /** The kinds of source database Lakeport reads. */
  public enum SourceKind { MYSQL, POSTGRESQL, MONGODB, JDBC }

  /**
   * One source database and the bucket its tables land in. Connection keys depend on the kind: host,
   * port, database, user, password for mysql and postgresql; uri, database and sampleSize (documents
   * sampled per collection to infer its schema) for mongodb; url, user, password for jdbc.
   * {@code schedule} (optional, see {@link Schedule}) starts runs of {@code scheduleMode} (full by default)
   * in the process that owns the source. {@code format} is how its tables are kept ({@link TableFormat});
   * {@code keys.<table>} names the columns an incremental iceberg run upserts by, where the source's own
   * primary key is missing or not the one wanted. {@code ranges} (mysql and postgresql) is how many cursors
   * read one whole table in parallel under one consistent snapshot; absent, it follows the table's size
   * ({@link #rangesFor}).
   */
  public record SourceConfig(
      String name,
      SourceKind kind,
      String bucket,
      String tablePrefix,
      TableFormat format,
      List<String> tables,
      Map<String, String> watermarks,
      Map<String, List<String>> keys,
      Schedule schedule,
      RunMode scheduleMode,
      String host,
      int port,
      String database,
      String user,
      String password,
      String uri,
      String url,
      int sampleSize,
      int ranges) {

    /** Documents a mongodb source samples per collection to infer its schema, unless sampleSize says. */
    public static final int DEFAULT_SAMPLE_SIZE = 1000;

    /** {@code ranges} when the key is absent: the range count of a table follows its size ({@link #rangesFor}). */
    public static final int AUTO_RANGES = 0;

    /** Rows per range when the count follows the table's size: a table smaller than this is read by one cursor. */
    public static final long ROWS_PER_AUTO_RANGE = 500_000;

    /** The most ranges {@code ranges} may ask for. */
    public static final int MAX_RANGES = 32;

    /**
     * How many cursors read a whole table of about {@code estimatedRows} rows (negative: unknown): {@code ranges}
     * when set; otherwise, for a jsonl source, one per {@value #ROWS_PER_AUTO_RANGE} rows, at most one per core,
     * and one when the size is unknown. An iceberg source reads by one cursor unless {@code ranges} says: its
     * one writer is the slower end, so more cursors do not make it faster, and rows of ranges read at once
     * interleave in its files, whose row groups then overlap in key and prune less.
     */
    public int rangesFor(long estimatedRows) {
      if (ranges != AUTO_RANGES) {
        return ranges;
      }
      if (estimatedRows <= 0 || maxRanges() == 1) {
        return 1;
      }
      long bySize = (estimatedRows + ROWS_PER_AUTO_RANGE - 1) / ROWS_PER_AUTO_RANGE;
      return (int) Math.max(1, Math.min(bySize, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The most cursors one table of this source may be read by at once (what its connection pool and the run's
     * memory bound are sized for): {@code ranges} when set; else one per core for a jsonl mysql or postgresql
     * source, and one for the others (mongodb and jdbc read by one cursor, iceberg see {@link #rangesFor}).
     */
    public int maxRanges() {
      if (ranges != AUTO_RANGES) {
        return ranges;
      }
      boolean sql = kind == SourceKind.MYSQL || kind == SourceKind.POSTGRESQL;
      return !sql || format == TableFormat.ICEBERG ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    static SourceConfig read(String name, ConfigNode node) {
      SourceKind kind = node.enumeration("kind", SourceKind.class, null);
      String bucket = node.requiredString("bucket");
      String tablePrefix = node.string("tablePrefix", name + "_");
      List<String> tables = node.strings("tables");
      Map<String, String> watermarks = new LinkedHashMap<>();
      ConfigNode wm = node.child("watermarks");
      for (String table : wm.raw().fieldNames()) {
        watermarks.put(table, wm.requiredString(table));
      }
      TableFormat format = node.enumeration("format", TableFormat.class, TableFormat.ICEBERG);
      Map<String, List<String>> keys = new LinkedHashMap<>();
      ConfigNode keyNode = node.child("keys");
      for (String table : keyNode.raw().fieldNames()) {
        List<String> columns = keyNode.strings(table);
        if (columns.isEmpty()) {
          keyNode.problem(table, "expected the list of key columns of " + table + " (lake names)");
        }
        keys.put(table, List.copyOf(columns));
      }
      Schedule schedule = readSchedule(node);
      RunMode scheduleMode = node.enumeration("scheduleMode", RunMode.class, RunMode.FULL);
      if (!node.has("schedule") && node.has("scheduleMode")) {
        node.problem("scheduleMode", "applies to a schedule; set sources." + name + ".schedule too");
      }
      if (scheduleMode == RunMode.DELETES && format != TableFormat.ICEBERG) {
        node.problem("scheduleMode", "deletes (delete detection) needs format iceberg; sources." + name
            + " has format jsonl, whose files have no row-level deletes");
      }
      String host = null;
      int port = 0;
      String database = null;
      String user = null;
      String password = null;
      String uri = null;
      String url = null;
      int sampleSize = DEFAULT_SAMPLE_SIZE;
      int ranges = node.has("ranges") ? node.integer("ranges", 1, 1, MAX_RANGES) : AUTO_RANGES;
      if (kind == SourceKind.MYSQL || kind == SourceKind.POSTGRESQL) {
        host = node.requiredString("host");
        port = node.integer("port", kind == SourceKind.MYSQL ? 3306 : 5432, 1, 65535);
        database = node.requiredString("database");
        user = node.requiredString("user");
        password = node.string("password", "");
      } else if (kind == SourceKind.MONGODB) {
        uri = node.requiredString("uri");
        database = node.requiredString("database");
        sampleSize = node.integer("sampleSize", DEFAULT_SAMPLE_SIZE, 1, 1_000_000);
      } else if (kind == SourceKind.JDBC) {
        url = node.requiredString("url");
        if (url != null && !url.startsWith("jdbc:")) {
          node.problem("url", "expected a JDBC URL starting with jdbc:, got '" + url + "'");
        }
        user = node.string("user", null);
        password = node.string("password", null);
      }
      if (node.has("ranges") && kind != SourceKind.MYSQL && kind != SourceKind.POSTGRESQL) {
        node.problem("ranges", "applies to mysql and postgresql sources; sources." + name + " is "
            + kind.name().toLowerCase(java.util.Locale.ROOT) + ", read by one cursor per table");
        ranges = AUTO_RANGES;
      }
      node.rejectUnknownKeys();
      return new SourceConfig(name, kind, bucket, tablePrefix, format, List.copyOf(tables), Map.copyOf(watermarks),
          Map.copyOf(keys), schedule, scheduleMode, host, port, database, user, password, uri, url, sampleSize, ranges);
    }
  }

  /** The query engine that catalogs the lake and answers queries. */
  public enum EngineKind { TRINO, ATHENA }

  /**
   * The engine and the query service's limits in front of it (io.lakeport.query.QueryServiceSettings says
   * what each limit does).
   *
   * @param trinoUser    the Trino user of the ingest group, which creates and replaces the lake's tables and views
   * @param trinoApiUser the Trino user the API's queries run as ({@code engine.trino.apiUser}, default the same
   *                     user): a user the engine may grant read access to the lake schema alone (the local stack's
   *                     and compose's Trino do, docker/trino/etc/rules.json), so that a gap in the API's own SQL
   *                     check is not a hole
   * @param maxConcurrent         {@code engine.maxConcurrent}, default {@value #DEFAULT_MAX_CONCURRENT}
   * @param queueSize             {@code engine.queueSize}, default {@value #DEFAULT_QUEUE_SIZE}
   * @param queryTimeoutSeconds   {@code engine.queryTimeoutSeconds}, default {@value #DEFAULT_QUERY_TIMEOUT_SECONDS}
   * @param cacheSeconds          {@code engine.cacheSeconds}, default {@value #DEFAULT_CACHE_SECONDS}; 0 turns the
   *                              result cache off
   * @param cacheMaxRows          {@code engine.cacheMaxRows}, default {@value #DEFAULT_CACHE_MAX_ROWS}
   * @param cacheMaxEntries       {@code engine.cacheMaxEntries}, default {@value #DEFAULT_CACHE_MAX_ENTRIES}
   * @param abandonAfterSeconds   {@code engine.abandonAfterSeconds}, default {@value #DEFAULT_ABANDON_AFTER_SECONDS}
   * @param maxUnreachablePolls   {@code engine.maxUnreachablePolls}, default {@value #DEFAULT_MAX_UNREACHABLE_POLLS}
   * @param resultSpoolMaxRows    {@code engine.resultSpoolMaxRows}, default {@value #DEFAULT_RESULT_SPOOL_MAX_ROWS}; 0
   *                              keeps only the page last read
   */
  public record EngineConfig(
      EngineKind kind,
      URI trinoUri,
      String trinoUser,
      String trinoApiUser,
      String catalog,
      String schema,
      String athenaRegion,
      URI athenaEndpoint,
      String workgroup,
      String outputLocation,
      int maxConcurrent,
      int queueSize,
      int queryTimeoutSeconds,
      int cacheSeconds,
      int cacheMaxRows,
      int cacheMaxEntries,
      int abandonAfterSeconds,
      int maxUnreachablePolls,
      int resultSpoolMaxRows) {

    public static final int DEFAULT_MAX_CONCURRENT = 8;
    public static final int DEFAULT_QUEUE_SIZE = 100;
    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_CACHE_SECONDS = 30;
    public static final int DEFAULT_CACHE_MAX_ROWS = 10_000;
    public static final int DEFAULT_CACHE_MAX_ENTRIES = 256;
    public static final int DEFAULT_ABANDON_AFTER_SECONDS = 120;
    public static final int DEFAULT_MAX_UNREACHABLE_POLLS = 3;
    public static final int DEFAULT_RESULT_SPOOL_MAX_ROWS = 10_000;

    static EngineConfig read(ConfigNode node) {
      EngineKind kind = node.enumeration("kind", EngineKind.class, EngineKind.TRINO);
      ConfigNode trino = node.child("trino");
      URI trinoUri = trino.uri("uri", URI.create("http://127.0.0.1:8080"));
      String trinoUser = trino.string("user", "lakeport");
      String trinoApiUser = trino.string("apiUser", trinoUser);
      String catalog = trino.string("catalog", "hive");
      trino.rejectUnknownKeys();
      ConfigNode athena = node.child("athena");
      String athenaRegion = athena.string("region", "us-east-1");
      URI athenaEndpoint = athena.uri("endpoint", null);
      String workgroup = athena.string("workgroup", "primary");
      String outputLocation = athena.string("outputLocation", null);
      if (kind == EngineKind.ATHENA && outputLocation != null && !outputLocation.startsWith("s3://")) {
        athena.problem("outputLocation", "expected an s3:// location, got '" + outputLocation + "'");
      }
      athena.rejectUnknownKeys();
      EngineConfig config = new EngineConfig(kind, trinoUri, trinoUser, trinoApiUser, catalog,
          node.string("schema", "lakeport"),
          athenaRegion, athenaEndpoint, workgroup, outputLocation,
          node.integer("maxConcurrent", DEFAULT_MAX_CONCURRENT, 1, 1000),
          node.integer("queueSize", DEFAULT_QUEUE_SIZE, 0, 100_000),
          node.integer("queryTimeoutSeconds", DEFAULT_QUERY_TIMEOUT_SECONDS, 1, 86_400),
          node.integer("cacheSeconds", DEFAULT_CACHE_SECONDS, 0, 86_400),
          node.integer("cacheMaxRows", DEFAULT_CACHE_MAX_ROWS, 1, 1_000_000),
          node.integer("cacheMaxEntries", DEFAULT_CACHE_MAX_ENTRIES, 1, 100_000),
          node.integer("abandonAfterSeconds", DEFAULT_ABANDON_AFTER_SECONDS, 1, 86_400),
          node.integer("maxUnreachablePolls", DEFAULT_MAX_UNREACHABLE_POLLS, 0, 1000),
          node.integer("resultSpoolMaxRows", DEFAULT_RESULT_SPOOL_MAX_ROWS, 0, 1_000_000));
      node.rejectUnknownKeys();
      return config;
    }

    /** The engine as the API's queries use it: on Trino, as {@link #trinoApiUser}. */
    public EngineConfig forApi() {
      return new EngineConfig(kind, trinoUri, trinoApiUser, trinoApiUser, catalog, schema, athenaRegion, athenaEndpoint,
          workgroup, outputLocation, maxConcurrent, queueSize, queryTimeoutSeconds, cacheSeconds, cacheMaxRows,
          cacheMaxEntries, abandonAfterSeconds, maxUnreachablePolls, resultSpoolMaxRows);
    }
  }

  /**
   * The HTTP API.
   *
   * @param pageTokenSecret signs the listings' page tokens; without it each process draws a random one, so
   *                        tokens do not survive a restart nor work across several API instances. Set it
   *                        from the environment ({@code LAKEPORT_API__PAGETOKENSECRET}), never in a file.
   */
  public record ApiConfig(
      String host,
      int port,
      List<String> apiKeys,
      List<String> corsOrigins,
      int maxBodyKib,
      int customQueryMaxRows,
      int customQueryTimeoutSeconds,
      String pageTokenSecret) {
    static ApiConfig read(ConfigNode node) {
      ApiConfig config = new ApiConfig(
          node.string("host", "0.0.0.0"),
          node.integer("port", 8000, 0, 65535),
          node.strings("apiKeys"),
          node.strings("corsOrigins"),
          node.integer("maxBodyKib", 64, 1, 10 * 1024),
          node.integer("customQueryMaxRows", 10_000, 1, 1_000_000),
          node.integer("customQueryTimeoutSeconds", 30, 1, 3600),
          node.string("pageTokenSecret", null));
      if (config.pageTokenSecret != null && config.pageTokenSecret.length() < 16) {
        node.problem("pageTokenSecret", "must have at least 16 characters");
      }
      for (String key : config.apiKeys) {
        if (key.length() < 16) {
          node.problem("apiKeys", "every key must have at least 16 characters");
          break;
        }
      }
      node.rejectUnknownKeys();
      return config;
    }
  }

  /** The TCP event-bus bridge for tooling: trigger, status and progress addresses only. */
  /**
   * The TCP event-bus bridge.
   *
   * @param maxFrameBytes the largest frame a client may announce; a larger length prefix closes the
   *                      connection before any of the frame is read
   */
  public record BridgeConfig(String host, int port, int maxFrameBytes) {
    /** The default of {@code bridge.maxFrameBytes}: 1 MiB, far above the few KiB a request takes. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    public BridgeConfig(String host, int port) {
      this(host, port, DEFAULT_MAX_FRAME_BYTES);
    }

    static BridgeConfig read(ConfigNode node) {
      BridgeConfig config = new BridgeConfig(
          node.string("host", "127.0.0.1"),
          node.integer("port", 7000, 0, 65535),
          node.integer("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES, 1024, 64 * 1024 * 1024));
      node.rejectUnknownKeys();
      return config;
    }
  }

  /**
   * Micrometer metrics with a Prometheus registry, served by the api group at {@code /metrics}.
   *
   * @param jvm  JVM meters (memory, GC, threads, class loading)
   * @param host where a process serves its own {@code /metrics} when {@code port} is set
   * @param port a port of its own for {@code /metrics} (0: none), for processes without the api group
   */
  public record MetricsConfig(boolean enabled, boolean jvm, String host, int port) {
    static MetricsConfig read(ConfigNode node) {
      MetricsConfig config = new MetricsConfig(node.bool("enabled", true), node.bool("jvm", true),
          node.string("host", "0.0.0.0"), node.integer("port", 0, 0, 65535));
      if (!config.enabled && config.port != 0) {
        node.problem("port", "serves metrics, which metrics.enabled turns off");
      }
      node.rejectUnknownKeys();
      return config;
    }
  }
}
