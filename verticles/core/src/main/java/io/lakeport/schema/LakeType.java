package io.lakeport.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The type of a lake column, decided from the source schema (never guessed from the data). Its text form
 * is the Trino/Athena-engine-v3 spelling ({@code decimal(12,2)}, {@code array(varchar)},
 * {@code row(a bigint, b varchar)}), which {@link #parse(String)} reads back, so schemas travel as text in
 * manifests and bus messages.
 *
 * <p>How each type is written in a JSON line is part of the lake format: see docs/lake-format.md.
 */
public sealed interface LakeType {

  /** Engine spelling of this type. */
  String sql();

  enum Primitive implements LakeType {
    BOOLEAN, INTEGER, BIGINT, DOUBLE, VARCHAR, DATE,
    /** UTC instant or zone-less local date-time, written as {@code yyyy-MM-dd HH:mm:ss.SSSSSS}. */
    TIMESTAMP,
    /** Bytes, written as base64 text. */
    VARBINARY,
    /** A JSON value whose shape the source does not declare; written as nested JSON. */
    JSON;

    @Override
    public String sql() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record Decimal(int precision, int scale) implements LakeType {
    /** Engines cap decimals at 38 digits. */
    public static final int MAX_PRECISION = 38;

    public Decimal {
      if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
        throw new IllegalArgumentException("decimal(" + precision + "," + scale + ") is out of range");
      }
    }

    @Override
    public String sql() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }

  record Array(LakeType element) implements LakeType {
    @Override
    public String sql() {
      return "array(" + element.sql() + ")";
    }
  }

  record Row(List<Field> fields) implements LakeType {
    public Row {
      fields = List.copyOf(fields);
    }

    @Override
    public String sql() {
      return fields.stream().map(f -> f.name() + " " + f.type().sql())
          .collect(Collectors.joining(", ", "row(", ")"));
    }
  }

  record Field(String name, LakeType type) {
  }

  static LakeType parse(String text) {
    Parser parser = new Parser(text);
    LakeType type = parser.type();
    parser.skipSpaces();
    if (parser.pos != text.length()) {
      throw new IllegalArgumentException("unexpected '" + text.substring(parser.pos) + "' in type " + text);
    }
    return type;
  }

  /** Recursive-descent reader for the text form; small enough not to need a grammar tool. */
  final class Parser {
    private final String text;
    private int pos;

    private Parser(String text) {
      this.text = text;
    }

    private LakeType type() {
      String word = word();
      switch (word) {
        case "decimal" -> {
          expect('(');
          int precision = Integer.parseInt(word());
          expect(',');
          int scale = Integer.parseInt(word());
          expect(')');
          return new Decimal(precision, scale);
        }
        case "array" -> {
          expect('(');
          LakeType element = type();
          expect(')');
          return new Array(element);
        }
        case "row" -> {
          expect('(');
          List<Field> fields = new ArrayList<>();
          do {
            String name = word();
            fields.add(new Field(name, type()));
          } while (accept(','));
          expect(')');
          return new Row(fields);
        }
        default -> {
          try {
            return Primitive.valueOf(word.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown type '" + word + "' in " + text);
          }
        }
      }
    }

    private String word() {
      skipSpaces();
      int start = pos;
      if (pos < text.length() && text.charAt(pos) == '"') {
        int end = text.indexOf('"', pos + 1);
        pos = end + 1;
        return text.substring(start + 1, end);
      }
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException("expected a name at position " + pos + " of " + text);
      }
      return text.substring(start, pos);
    }

    private boolean accept(char c) {
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw new IllegalArgumentException("expected '" + c + "' at position " + pos + " of " + text);
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
    }
  }
}
