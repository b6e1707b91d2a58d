package io.lakeport.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Sections of a Lakeport configuration (the JSON a profile becomes) that point at the local stack, so that a test
 * states only what it changes: {@code StackConfig.lake().put("gzip", true)}. Each call answers a new object.
 */
public final class StackConfig {

  private StackConfig() {
  }

  /** A configuration with these groups, the local stack's lake ({@link #lake()}) and nothing else yet. */
  public static JsonObject withGroups(String... groups) {
    return new JsonObject().put("groups", new JsonArray(java.util.List.of((Object[]) groups))).put("lake", lake());
  }

  /** {@code lake}: the local S3Proxy, path-style, its development credentials. */
  public static JsonObject lake() {
    return new JsonObject().put("endpoint", LocalStack.S3_ENDPOINT.toString()).put("pathStyle", true)
        .put("accessKey", LocalStack.S3_ACCESS_KEY).put("secretKey", LocalStack.S3_SECRET_KEY);
  }

  /** {@code lake.iceberg}: the local Iceberg JDBC catalog and warehouse, tables in {@code namespace}. */
  public static JsonObject iceberg(String namespace) {
    return new JsonObject().put("uri", LocalStack.ICEBERG_CATALOG_URI)
        .put("user", LocalStack.ICEBERG_CATALOG_USER).put("password", LocalStack.ICEBERG_CATALOG_PASSWORD)
        .put("name", LocalStack.ICEBERG_CATALOG_NAME).put("warehouse", LocalStack.ICEBERG_WAREHOUSE)
        .put("namespace", namespace);
  }

  /** {@code engine}: the local Trino, its Hive catalog, views in {@code schema}. */
  public static JsonObject trinoEngine(String schema) {
    return new JsonObject().put("kind", "trino").put("schema", schema)
        .put("trino", new JsonObject().put("uri", LocalStack.TRINO_URI.toString()).put("user", LocalStack.TRINO_USER)
            .put("catalog", LocalStack.TRINO_CATALOG));
  }
}
