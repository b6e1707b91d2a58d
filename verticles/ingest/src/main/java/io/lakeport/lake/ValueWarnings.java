package io.lakeport.lake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader had to map while writing values in the lake format (zero dates, NaN, rounding, ...). One
 * entry per column and kind with a count and the first example, so a table with a million zero dates yields
 * one line, not a million. The readers of one table's ranges share one instance, from their own threads.
 */
public final class ValueWarnings {

  private final String table;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  public ValueWarnings(String table) {
    this.table = table;
  }

  /**
   * Records one occurrence.
   *
   * @param column  the lake name of the column (or a dotted path inside a nested value)
   * @param kind    what happened, e.g. "MySQL zero date written as null"; entries with the same column and
   *                kind are counted together
   * @param example the offending source value as text
   */
  public synchronized void add(String column, String kind, String example) {
    entries.computeIfAbsent(column + "\u0000" + kind, k -> new Entry(column, kind, example)).count++;
  }

  /** Records a warning about the read of the whole table rather than a value (how it was read), listed first. */
  public synchronized void note(String text) {
    notes.add(text);
  }

  public synchronized boolean isEmpty() {
    return entries.isEmpty() && notes.isEmpty();
  }

  public synchronized List<String> list() {
    List<String> out = new ArrayList<>(notes.size() + entries.size());
    for (String note : notes) {
      out.add(table + ": " + note);
    }
    for (Entry e : entries.values()) {
      out.add(table + "." + e.column + ": " + e.kind + " (" + e.count + (e.count == 1 ? " value" : " values")
          + ", first: " + e.example + ")");
    }
    return out;
  }

  private static final class Entry {
    final String column;
    final String kind;
    final String example;
    long count;

    Entry(String column, String kind, String example) {
      this.column = column;
      this.kind = kind;
      this.example = example;
    }
  }
}
