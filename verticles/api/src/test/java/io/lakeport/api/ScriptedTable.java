package io.lakeport.api;

import io.lakeport.query.QuerySpec;
import io.lakeport.query.ResultColumn;
import io.lakeport.query.ResultPage;
import io.lakeport.query.SqlParameter;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the keyset page statements of {@code Queries} from rows held in memory, the way an engine would:
 * rows whose filter column equals the bound filter, with a key after the bound key, in key order, up to the
 * statement's LIMIT. Test code only.
 */
final class ScriptedTable {

  private static final Pattern LIMIT = Pattern.compile("LIMIT (\\d+)$");
  private final List<ResultColumn> columns;
  private final List<List<Object>> rows;
  private final int key;

  ScriptedTable(List<ResultColumn> columns, List<List<Object>> rows, String key) {
    this.columns = List.copyOf(columns);
    this.key = indexOf(key);
    this.rows = new ArrayList<>(rows);
    this.rows.sort(Comparator.comparing(r -> (Comparable<Object>) r.get(this.key)));
  }

  Future<ResultPage> answer(QuerySpec spec) {
    Matcher limit = LIMIT.matcher(spec.sql());
    if (!limit.find()) {
      return Future.failedFuture(new IllegalStateException("no LIMIT in " + spec.sql()));
    }
    List<SqlParameter> parameters = new ArrayList<>(spec.parameters());
    Object after = null;
    if (spec.sql().contains(" > ?")) {
      after = parameters.removeLast().value();
    }
    Integer filterIndex = null;
    Object filterValue = null;
    Matcher filter = Pattern.compile("WHERE \"([a-z_]+)\" = \\?").matcher(spec.sql());
    if (filter.find()) {
      filterIndex = indexOf(filter.group(1));
      filterValue = parameters.removeFirst().value();
    }
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      if (filterIndex != null && !filterValue.equals(row.get(filterIndex))) {
        continue;
      }
      if (after != null && ((Comparable<Object>) row.get(key)).compareTo(after) <= 0) {
        continue;
      }
      if (out.size() == Integer.parseInt(limit.group(1))) {
        break;
      }
      out.add(row);
    }
    return Future.succeededFuture(new ResultPage(columns, out, null));
  }

  private int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
