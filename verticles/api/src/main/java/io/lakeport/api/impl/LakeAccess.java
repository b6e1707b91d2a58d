package io.lakeport.api.impl;

import io.lakeport.catalog.CachedCatalog;
import io.lakeport.catalog.CatalogTable;
import io.lakeport.catalog.IcebergSource;
import io.trino.sql.tree.DescribeInput;
import io.trino.sql.tree.DescribeOutput;
import io.trino.sql.tree.Explain;
import io.trino.sql.tree.ExplainAnalyze;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.ShowColumns;
import io.trino.sql.tree.ShowFunctions;
import io.trino.sql.tree.ShowStats;
import io.trino.sql.tree.ShowTables;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.WithQuery;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Custom SQL reads the lake's published tables and nothing else. After {@link ReadOnlySql} admitted the
 * statement, every table it references (in subqueries, CTEs, joins, set operations, {@code TABLE t},
 * {@code SHOW COLUMNS}/{@code DESCRIBE}, {@code SHOW STATS}, {@code EXPLAIN}) is resolved against the
 * session's default catalog and schema, case-insensitively as the engine does, and must be one of the
 * tables the {@link Catalog} publishes. Anything else (other catalogs or schemas, {@code system.*},
 * {@code information_schema}, the internal {@code __data_*} storage tables behind the views,
 * {@code SHOW CATALOGS}/{@code SCHEMAS}/{@code CREATE ...}/{@code SESSION}; table functions are refused by
 * {@link ReadOnlySql}) is a 403 problem naming the object. {@code SHOW TABLES} of the lake's schema is
 * answered from the published list itself (rewritten to a {@code VALUES} query), so the storage tables
 * never appear in it. The allow-list is the catalog's answer, not a list in code, so tables
 * published later (or in another catalog, once the catalog publishes them there) are admitted without a
 * change here.
 *
 * <p>The published names come from a {@link CachedCatalog}; a name not among them is looked up again before
 * it is refused, so a table published a moment ago is readable at once.
 */
public final class LakeAccess {

  private final CachedCatalog catalog;
  private final String defaultCatalog;
  private final String defaultSchema;

  /**
   * @param defaultCatalog the engine session's catalog (unqualified names resolve into it)
   * @param defaultSchema  the engine session's schema, the lake's
   */
  public LakeAccess(CachedCatalog catalog, String defaultCatalog, String defaultSchema) {
    this.catalog = catalog;
    this.defaultCatalog = lower(defaultCatalog);
    this.defaultSchema = lower(defaultSchema);
  }

  /**
   * {@code checked} when every object it reads is a published lake table (a {@code SHOW TABLES} rewritten
   * to list those); else a failed future with a 403 {@link Problem}.
   */
  public Future<ReadOnlySql.Checked> admit(ReadOnlySql.Checked checked) {
    if (checked.statement() instanceof ShowTables show) {
      return showTables(show);
    }
    List<String> objects;
    try {
      objects = references(checked.statement());
    } catch (Problem problem) {
      return Future.failedFuture(problem);
    }
    if (objects.isEmpty()) {
      return Future.succeededFuture(checked);
    }
    return publishedTables(false).compose(names -> names.containsAll(objects)
        ? Future.succeededFuture(names) : publishedTables(true)).compose(names -> {
          for (String object : objects) {
            if (!names.contains(object)) {
              return Future.failedFuture(forbidden(object));
            }
          }
          return Future.succeededFuture(checked);
        });
  }

  /** {@code SHOW TABLES [FROM lake] [LIKE p]} as a query over the published names, sorted as Trino does. */
  private Future<ReadOnlySql.Checked> showTables(ShowTables show) {
    if (show.getSchema().isPresent()) {
      List<String> parts = show.getSchema().get().getParts();
      String schema = parts.size() == 1 ? defaultCatalog + "." + lower(parts.get(0))
          : lower(parts.get(0)) + "." + lower(parts.get(1));
      if (!schema.equals(defaultCatalog + "." + defaultSchema)) {
        return Future.failedFuture(forbidden(schema, "'" + schema + "' is not the lake's schema: custom SQL"
            + " reads only the tables GET /api/catalog/tables lists"));
      }
    }
    return publishedTables(true).map(names -> {
      String prefix = defaultCatalog + "." + defaultSchema + ".";
      List<String> tables = names.stream().map(n -> n.substring(prefix.length())).sorted().toList();
      StringBuilder sql = new StringBuilder();
      if (tables.isEmpty()) {
        sql.append("SELECT CAST(NULL AS varchar) AS \"Table\" WHERE false");
      } else {
        sql.append("SELECT \"Table\" FROM (VALUES ")
            .append(String.join(", ", tables.stream().map(LakeAccess::literal).toList()))
            .append(") AS lake_tables (\"Table\")");
        show.getLikePattern().ifPresent(like -> sql.append(" WHERE \"Table\" LIKE ").append(literal(like))
            .append(show.getEscape().map(e -> " ESCAPE " + literal(e)).orElse("")));
        sql.append(" ORDER BY \"Table\"");
      }
      return ReadOnlySql.check(sql.toString());
    });
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private Future<Set<String>> publishedTables(boolean fresh) {
    return published(fresh).map(Map::keySet);
  }

  /** The published tables by {@code catalog.schema.table} in lower case. */
  private Future<Map<String, CatalogTable>> published(boolean fresh) {
    return (fresh ? catalog.freshTables() : catalog.tables()).map(tables -> {
      Map<String, CatalogTable> byName = new HashMap<>();
      for (CatalogTable table : tables) {
        byName.put(defaultCatalog + "." + defaultSchema + "." + lower(table.name()), table);
      }
      return byName;
    });
  }

  /**
   * The tables an admitted statement reads that keep snapshots (format iceberg), by the names the catalog
   * publishes them under, in the order the statement first names them: what its answer names the snapshots of.
   */
  public Future<Map<String, IcebergSource>> icebergTablesRead(ReadOnlySql.Checked admitted) {
    List<String> objects;
    try {
      objects = admitted.statement() instanceof ShowTables ? List.of() : references(admitted.statement());
    } catch (Problem problem) {
      return Future.failedFuture(problem);
    }
    if (objects.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return published(false).map(tables -> {
      Map<String, IcebergSource> read = new LinkedHashMap<>();
      for (String object : objects) {
        CatalogTable table = tables.get(object);
        if (table != null && table.iceberg() != null) {
          read.put(table.name(), table.iceberg());
        }
      }
      return read;
    });
  }

  /**
   * The tables {@code statement} reads, each as {@code catalog.schema.table} in lower case; names of
   * common table expressions in scope are not tables.
   *
   * @throws Problem 403 for a statement that lists or reveals objects beyond the lake's tables
   */
  List<String> references(Statement statement) {
    Set<String> out = new LinkedHashSet<>();
    switch (statement) {
      case Explain explain -> {
        return references(explain.getStatement());
      }
      case ExplainAnalyze explain -> {
        return references(explain.getStatement());
      }
      case ShowColumns show -> out.add(resolve(show.getTable().getParts()));
      case ShowStats show -> visit(show.getRelation(), Set.of(), out);
      case ShowFunctions ignored -> {
      }
      case DescribeInput ignored -> {
      }
      case DescribeOutput ignored -> {
      }
      case Query query -> visit(query, Set.of(), out);
      default -> throw forbidden(ReadOnlySql.keywords(statement),
          ReadOnlySql.keywords(statement) + " is not allowed: it lists objects beyond the lake's tables"
              + " (GET /api/catalog/tables lists the tables)");
    }
    return new ArrayList<>(out);
  }

  private void visit(Node node, Set<String> ctes, Set<String> out) {
    switch (node) {
      case Query query when query.getWith().isPresent() -> {
        List<WithQuery> queries = query.getWith().get().getQueries();
        boolean recursive = query.getWith().get().isRecursive();
        Set<String> all = new HashSet<>(ctes);
        queries.forEach(q -> all.add(lower(q.getName().getValue())));
        Set<String> earlier = new HashSet<>(ctes);
        for (WithQuery with : queries) {
          // A non-recursive WITH query sees the ones before it; a recursive one sees all, itself included.
          visit(with.getQuery(), recursive ? all : Set.copyOf(earlier), out);
          earlier.add(lower(with.getName().getValue()));
        }
        for (Node child : query.getChildren()) {
          if (child != query.getWith().get()) {
            visit(child, all, out);
          }
        }
      }
      case Table table -> {
        List<String> parts = table.getName().getParts();
        if (!(parts.size() == 1 && ctes.contains(lower(parts.getFirst())))) {
          out.add(resolve(parts));
        }
      }
      case io.trino.sql.tree.TableFunctionInvocation function ->
          throw forbidden(function.getName().toString(), "table functions are not allowed ("
              + function.getName() + "): custom SQL reads the lake's tables only");
      default -> {
        for (Node child : node.getChildren()) {
          if (child != null) {
            visit(child, ctes, out);
          }
        }
      }
    }
  }

  private String resolve(List<String> parts) {
    return switch (parts.size()) {
      case 1 -> defaultCatalog + "." + defaultSchema + "." + lower(parts.get(0));
      case 2 -> defaultCatalog + "." + lower(parts.get(0)) + "." + lower(parts.get(1));
      default -> String.join(".", parts.subList(parts.size() - 3, parts.size()).stream().map(LakeAccess::lower).toList());
    };
  }

  private Problem forbidden(String object) {
    String lakePrefix = defaultCatalog + "." + defaultSchema + ".";
    String shown = object.startsWith(lakePrefix) ? object.substring(lakePrefix.length()) : object;
    return forbidden(shown, "'" + shown + "' is not one of the lake's tables: custom SQL reads only the tables"
        + " GET /api/catalog/tables lists");
  }

  private static Problem forbidden(String object, String detail) {
    return new Problem("forbidden-object", "Not a lake table", 403, detail).with("object", object);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
