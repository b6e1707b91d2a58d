package io.lakeport.api.impl;

import io.trino.grammar.sql.SqlBaseLexer;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DescribeInput;
import io.trino.sql.tree.DescribeOutput;
import io.trino.sql.tree.Explain;
import io.trino.sql.tree.ExplainAnalyze;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.NodeLocation;
import io.trino.sql.tree.Parameter;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.TableFunctionInvocation;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Admits exactly one read-only statement, judged by the engine's own grammar (Trino's parser; Athena
 * engine v3 speaks the same dialect): a query, {@code SHOW ...}, {@code DESCRIBE ...} or {@code EXPLAIN}
 * of one of those. Everything else (DDL, DML, {@code CALL}, {@code SET}, transactions, {@code PREPARE},
 * several statements) is refused with a 400 problem that says why and where ({@code line}, {@code column}).
 * Inside a query it also refuses {@code WITH SESSION} (which would lift the server's limits) and
 * {@code ?} placeholders (nothing binds them), and table functions (which can pass raw SQL through to a
 * connector) with 403, as {@link LakeAccess} refuses every object that is not a lake table.
 */
public final class ReadOnlySql {

  private static final SqlParser PARSER = new SqlParser();

  /**
   * A statement fit to send.
   *
   * @param sql   the statement without a trailing {@code ;}, with a row limit appended when it is a query
   *              without one
   * @param query whether it is a query (its rows can be limited); false for SHOW, DESCRIBE and EXPLAIN
   * @param statement the parsed statement, for {@link LakeAccess} to resolve what it reads
   */
  public record Checked(String sql, boolean query, Statement statement) {
  }

  private ReadOnlySql() {
  }

  /**
   * Checks {@code sql} and answers it without a trailing {@code ;}.
   *
   * @throws Problem 400 when the text is not exactly one read-only statement
   */
  public static Checked check(String sql) {
    String single = singleStatement(sql);
    Statement statement = parse(single);
    refuseUnlessReadOnly(statement, statement);
    refuseForbiddenParts(statement);
    return new Checked(single, statement instanceof Query, statement);
  }

  /**
   * {@link #check(String)}, and for a query without a LIMIT of its own, appends {@code LIMIT rowLimit} so
   * the engine stops early (the caller still cuts the rows it returns to what it asked for).
   */
  public static Checked check(String sql, long rowLimit) {
    Checked checked = check(sql);
    if (!checked.query() || hasLimit((Query) parse(checked.sql()))) {
      return checked;
    }
    // A newline first: the statement may end in a -- comment.
    String limited = checked.sql() + "\nLIMIT " + rowLimit;
    return new Checked(limited, true, parse(limited));
  }

  private static boolean hasLimit(Query query) {
    if (query.getLimit().isPresent()) {
      return true;
    }
    return query.getQueryBody() instanceof QuerySpecification spec && spec.getLimit().isPresent();
  }

  /**
   * The text of the one statement in {@code sql}, without a trailing {@code ;} and what follows it (only
   * comments and blanks may). Uses the engine's lexer, so a {@code ;} inside a string, a quoted name or a
   * comment is not taken for a separator.
   */
  static String singleStatement(String sql) {
    SqlBaseLexer lexer = new SqlBaseLexer(CharStreams.fromString(sql));
    lexer.removeErrorListeners();
    List<? extends Token> tokens = lexer.getAllTokens();
    Integer end = null;
    for (Token token : tokens) {
      if (token.getChannel() != Token.DEFAULT_CHANNEL) {
        continue;
      }
      if (end != null) {
        throw refused("only one statement is allowed, but another one starts after the ';'", token.getLine(),
            token.getCharPositionInLine() + 1);
      }
      if ("';'".equals(lexer.getVocabulary().getLiteralName(token.getType()))) {
        end = token.getStartIndex();
      }
    }
    String single = end == null ? sql : sql.substring(0, end);
    if (single.isBlank()) {
      throw refused("the statement is empty", 1, 1);
    }
    return single;
  }

  private static Statement parse(String sql) {
    try {
      return PARSER.createStatement(sql);
    } catch (ParsingException e) {
      throw refused("syntax error: " + e.getErrorMessage(), e.getLineNumber(), e.getColumnNumber());
    } catch (RuntimeException e) {
      // The parser's own limits (e.g. nesting too deep) surface as other exceptions.
      throw refused("the statement cannot be parsed: " + e.getMessage(), 1, 1);
    }
  }

  private static void refuseUnlessReadOnly(Statement statement, Statement outer) {
    switch (statement) {
      case Query ignored -> {
      }
      case Explain explain -> refuseUnlessReadOnly(explain.getStatement(), outer);
      case ExplainAnalyze explain -> refuseUnlessReadOnly(explain.getStatement(), outer);
      case DescribeInput ignored -> {
      }
      case DescribeOutput ignored -> {
      }
      default -> {
        if (!statement.getClass().getSimpleName().startsWith("Show")) {
          NodeLocation at = statement.getLocation().orElse(outer.getLocation().orElse(new NodeLocation(1, 1)));
          String what = statement == outer ? "this is " + keywords(statement) : "it explains " + keywords(statement);
          throw refused("only read-only statements are allowed (a query, SHOW, DESCRIBE or EXPLAIN of a query); "
              + what, at.getLineNumber(), at.getColumnNumber());
        }
      }
    }
  }

  private static void refuseForbiddenParts(Statement statement) {
    Deque<Node> pending = new ArrayDeque<>();
    pending.push(statement);
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      if (node instanceof Query query && !query.getSessionProperties().isEmpty()) {
        NodeLocation at = location(query.getSessionProperties().getFirst(), query);
        throw refused("WITH SESSION is not allowed: the server's limits apply to every query",
            at.getLineNumber(), at.getColumnNumber());
      }
      if (node instanceof Parameter parameter) {
        NodeLocation at = location(parameter, statement);
        throw refused("parameter placeholders (?) are not allowed: write the values into the statement",
            at.getLineNumber(), at.getColumnNumber());
      }
      if (node instanceof TableFunctionInvocation function) {
        // 403 like every object outside the lake's tables (LakeAccess): a table function reads what it likes.
        NodeLocation at = location(function, statement);
        throw new Problem("forbidden-object", "Not a lake table", 403, "table functions are not allowed ("
            + function.getName() + "): custom SQL reads only the lake's tables (line " + at.getLineNumber()
            + ", column " + at.getColumnNumber() + ")").with("object", function.getName().toString());
      }
      for (Node child : node.getChildren()) {
        if (child != null) {
          pending.push(child);
        }
      }
    }
  }

  private static NodeLocation location(Node node, Node fallback) {
    Optional<NodeLocation> at = node.getLocation().or(fallback::getLocation);
    return at.orElse(new NodeLocation(1, 1));
  }

  /** {@code CreateTable} reads as {@code CREATE TABLE}, {@code SetSession} as {@code SET SESSION}. */
  static String keywords(Statement statement) {
    String name = statement.getClass().getSimpleName();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (i > 0 && Character.isUpperCase(c)) {
        out.append(' ');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }

  private static Problem refused(String why, int line, int column) {
    return new Problem("invalid-query", "Statement refused", 400,
        why + " (line " + line + ", column " + column + ")")
        .with("line", Math.max(1, line))
        .with("column", Math.max(1, column));
  }
}
