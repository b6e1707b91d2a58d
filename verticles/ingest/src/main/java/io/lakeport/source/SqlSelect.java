package io.lakeport.source;

import io.lakeport.schema.Column;

import java.util.ArrayList;
import java.util.List;

/**
 * The one select every SQL source reads a table with: {@code SELECT <expressions> FROM <table> t}, and with a
 * watermark column {@code WHERE t.<watermark> > <bound>} (only when there is a lower bound) and
 * {@code ORDER BY t.<watermark>}, so the highest value seen is a safe next watermark. The sources differ only
 * in the identifier quote, the expression each column is selected with and the form of the bound.
 */
final class SqlSelect {

  private final String quote;
  private final List<String> expressions = new ArrayList<>();

  /** @param quote the identifier quote ({@code "} or {@code `}); empty for a database that has none */
  SqlSelect(String quote) {
    this.quote = quote;
  }

  /** Quotes an identifier with {@code quote}, doubling the quote inside it; an empty quote leaves it bare. */
  static String quote(String identifier, String quote) {
    return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
  }

  /** The qualified reference to a column of the table, {@code t."name"}, to build expressions on. */
  String ref(Column column) {
    return "t." + quote(column.name(), quote);
  }

  /** Adds an expression to the select list; returns its position (0-based). */
  int add(String expression) {
    expressions.add(expression);
    return expressions.size() - 1;
  }

  /**
   * The statement over {@code table}: no watermark (null) reads in the database's order; a watermark with a
   * null {@code bound} reads every row in its order; with a bound (the parameter placeholder in the
   * dialect's form) only rows past it.
   */
  String sql(String table, Column watermark, String bound) {
    return sql(table, watermark, bound, null);
  }

  /**
   * The statement over one range of {@code table} ({@link ReadRanges}): {@code range} is the range's predicate,
   * null for the whole table; with a watermark, the range's rows come in the watermark's order.
   */
  String sql(String table, Column watermark, String bound, String range) {
    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", expressions))
        .append(" FROM ").append(quote(table, quote)).append(" t");
    List<String> conditions = new ArrayList<>();
    if (watermark != null && bound != null) {
      conditions.add(ref(watermark) + " > " + bound);
    }
    if (range != null) {
      conditions.add(range);
    }
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    if (watermark != null) {
      sql.append(" ORDER BY ").append(ref(watermark));
    }
    return sql.toString();
  }
}
