package io.lakeport.lake.iceberg;

import io.lakeport.testkit.AwsJsonServer;
import io.lakeport.testkit.AwsJsonServer.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A local stand-in for the AWS Glue Data Catalog that answers the real AWS SDK over HTTP in Glue's wire
 * protocol (AWS JSON 1.1): {@code POST /} with {@code X-Amz-Target: AWSGlue.<Operation>} and
 * {@code Content-Type: application/x-amz-json-1.1}; errors are HTTP 400 with a body
 * {@code {"__type": "<Exception>", "Message": ...}}, which the SDK turns into the modelled exception. Field
 * names follow the Glue API model (TableInput, Table, DatabaseInput, Database) as shipped in the SDK jar.
 *
 * <p>It implements the operations Iceberg's GlueCatalog makes: CreateDatabase, GetDatabase, GetDatabases,
 * DeleteDatabase, CreateTable, GetTable, GetTables, UpdateTable and DeleteTable, keeping databases and
 * tables in memory per catalog id (the caller's account when a request names none), with the behaviour the
 * catalog depends on: EntityNotFoundException for a missing database or table, AlreadyExistsException for
 * a second create, and UpdateTable's optimistic concurrency: a table's VersionId starts at "1" and goes up
 * by one per update; an UpdateTable whose VersionId is not the current one is refused with
 * ConcurrentModificationException, as Glue does. Every request is recorded with its headers and body (the
 * protocol side is the testkit's {@link AwsJsonServer}).
 */
public final class FakeGlueServer extends AwsJsonServer {

  /** The account whose catalog a request without CatalogId means. */
  public static final String ACCOUNT_ID = "123456789012";
  private static final String TARGET_PREFIX = "AWSGlue.";

  /** A Glue database and its tables (each as the Table shape GetTable answers), by lower-case name. */
  private static final class Database {
    final JsonObject description;
    final Map<String, JsonObject> tables = new LinkedHashMap<>();

    Database(JsonObject description) {
      this.description = description;
    }
  }

  /** catalog id -> database name -> database; guarded by this. */
  private final Map<String, Map<String, Database>> catalogs = new LinkedHashMap<>();
  /** database.table names whose next UpdateTable meets a concurrent change first; guarded by this. */
  private final Set<String> concurrentChanges = new HashSet<>();

  private FakeGlueServer() {
    super(TARGET_PREFIX);
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  public static Future<FakeGlueServer> start(Vertx vertx) {
    return listen(vertx, new FakeGlueServer());
  }

  /** The operations received, in order. */
  public List<String> operations() {
    return requests().stream().map(Recorded::operation).toList();
  }

  /** The table as GetTable would answer it now (caller's account), or null. */
  public JsonObject table(String database, String table) {
    return table(null, database, table);
  }

  /** The table of catalog {@code catalogId} as GetTable would answer it now, or null. */
  public synchronized JsonObject table(String catalogId, String database, String table) {
    Database db = databases(catalogId).get(database);
    JsonObject found = db == null ? null : db.tables.get(table);
    return found == null ? null : found.copy();
  }

  /**
   * Another client changes the table (its description) just before the next UpdateTable of it is
   * answered: the table's VersionId moves on, so an UpdateTable carrying the version it read is refused.
   */
  public synchronized FakeGlueServer concurrentChangeBeforeNextUpdate(String database, String table) {
    concurrentChanges.add(database + "." + table);
    return this;
  }

  @Override
  protected synchronized Answer answer(String operation, JsonObject json) {
    return switch (operation) {
      case "CreateDatabase" -> createDatabase(json);
      case "GetDatabase" -> getDatabase(json);
      case "GetDatabases" -> getDatabases(json);
      case "DeleteDatabase" -> deleteDatabase(json);
      case "CreateTable" -> inDatabase(json, this::createTable);
      case "GetTable" -> inDatabase(json, this::getTable);
      case "GetTables" -> inDatabase(json, this::getTables);
      case "UpdateTable" -> inDatabase(json, this::updateTable);
      case "DeleteTable" -> inDatabase(json, this::deleteTable);
      default -> Answer.error("UnknownOperationException", "the Glue fake does not implement " + operation);
    };
  }

  private Map<String, Database> databases(String catalogId) {
    return catalogs.computeIfAbsent(catalogId == null ? ACCOUNT_ID : catalogId, k -> new LinkedHashMap<>());
  }

  private static double now() {
    return Instant.now().toEpochMilli() / 1000.0;
  }

  private static String name(JsonObject json, String key) {
    String name = json.getString(key);
    return name == null ? null : name.toLowerCase(java.util.Locale.ROOT);
  }

  private Answer createDatabase(JsonObject request) {
    JsonObject input = request.getJsonObject("DatabaseInput");
    String name = input == null ? null : name(input, "Name");
    if (name == null || name.isEmpty()) {
      return Answer.error("InvalidInputException", "DatabaseInput.Name is required");
    }
    Map<String, Database> databases = databases(request.getString("CatalogId"));
    if (databases.containsKey(name)) {
      return Answer.error("AlreadyExistsException", "Database already exists.");
    }
    JsonObject database = input.copy().put("Name", name)
        .put("CatalogId", request.getString("CatalogId", ACCOUNT_ID)).put("CreateTime", now());
    databases.put(name, new Database(database));
    return Answer.ok(new JsonObject());
  }

  private Answer getDatabase(JsonObject request) {
    Database database = databases(request.getString("CatalogId")).get(name(request, "Name"));
    if (database == null) {
      return Answer.error("EntityNotFoundException", "Database " + request.getString("Name") + " not found.");
    }
    return Answer.ok(new JsonObject().put("Database", database.description.copy()));
  }

  private Answer getDatabases(JsonObject request) {
    JsonArray list = new JsonArray();
    databases(request.getString("CatalogId")).values().forEach(d -> list.add(d.description.copy()));
    return Answer.ok(new JsonObject().put("DatabaseList", list));
  }

  private Answer deleteDatabase(JsonObject request) {
    if (databases(request.getString("CatalogId")).remove(name(request, "Name")) == null) {
      return Answer.error("EntityNotFoundException", "Database " + request.getString("Name") + " not found.");
    }
    return Answer.ok(new JsonObject());
  }

  private Database database(JsonObject request) {
    return databases(request.getString("CatalogId")).get(name(request, "DatabaseName"));
  }

  /** A table operation in the request's database: EntityNotFoundException when there is no such database. */
  private Answer inDatabase(JsonObject request, BiFunction<Database, JsonObject, Answer> operation) {
    Database database = database(request);
    return database == null
        ? Answer.error("EntityNotFoundException", "Database " + request.getString("DatabaseName") + " not found.")
        : operation.apply(database, request);
  }

  private Answer createTable(Database database, JsonObject request) {
    JsonObject input = request.getJsonObject("TableInput");
    String name = input == null ? null : name(input, "Name");
    if (name == null || name.isEmpty()) {
      return Answer.error("InvalidInputException", "TableInput.Name is required");
    }
    if (database.tables.containsKey(name)) {
      return Answer.error("AlreadyExistsException", "Table already exists.");
    }
    double now = now();
    database.tables.put(name, table(request, input, name, "1").put("CreateTime", now).put("UpdateTime", now));
    return Answer.ok(new JsonObject());
  }

  /** The Table shape GetTable answers for {@code input}: the input's members and the catalog's own. */
  private static JsonObject table(JsonObject request, JsonObject input, String name, String versionId) {
    return input.copy()
        .put("Name", name)
        .put("DatabaseName", name(request, "DatabaseName"))
        .put("CatalogId", request.getString("CatalogId", ACCOUNT_ID))
        .put("VersionId", versionId)
        .put("IsRegisteredWithLakeFormation", false);
  }

  private Answer getTable(Database database, JsonObject request) {
    JsonObject table = database.tables.get(name(request, "Name"));
    if (table == null) {
      return Answer.error("EntityNotFoundException", "Table " + request.getString("Name") + " not found.");
    }
    return Answer.ok(new JsonObject().put("Table", table.copy()));
  }

  private Answer getTables(Database database, JsonObject request) {
    List<Object> tables = new ArrayList<>();
    database.tables.values().forEach(t -> tables.add(t.copy()));
    return Answer.ok(new JsonObject().put("TableList", new JsonArray(tables)));
  }

  private Answer updateTable(Database database, JsonObject request) {
    JsonObject input = request.getJsonObject("TableInput");
    String name = input == null ? null : name(input, "Name");
    JsonObject current = name == null ? null : database.tables.get(name);
    if (current == null) {
      return Answer.error("EntityNotFoundException", "Table " + (input == null ? null : input.getString("Name"))
          + " not found.");
    }
    if (concurrentChanges.remove(name(request, "DatabaseName") + "." + name)) {
      current = current.copy().put("Description", "changed by another client")
          .put("VersionId", next(current.getString("VersionId"))).put("UpdateTime", now());
      database.tables.put(name, current);
    }
    String versionId = request.getString("VersionId");
    if (versionId != null && !versionId.equals(current.getString("VersionId"))) {
      return Answer.error("ConcurrentModificationException", "Update table failed due to concurrent modifications.");
    }
    database.tables.put(name, table(request, input, name, next(current.getString("VersionId")))
        .put("CreateTime", current.getValue("CreateTime")).put("UpdateTime", now()));
    return Answer.ok(new JsonObject());
  }

  private static String next(String versionId) {
    return Long.toString(Long.parseLong(versionId) + 1);
  }

  private Answer deleteTable(Database database, JsonObject request) {
    if (database.tables.remove(name(request, "Name")) == null) {
      return Answer.error("EntityNotFoundException", "Table " + request.getString("Name") + " not found.");
    }
    return Answer.ok(new JsonObject());
  }
}
