package io.lakeport.query;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Complete results of recent read-only queries, keyed by engine, statement and parameters, kept for a short
 * time so that identical queries (dashboards, listings polled by many clients) do not each run in the engine.
 * Only whole results up to {@code maxRows} rows are kept, at most {@code maxEntries} of them (the oldest go
 * first). Thread-safe.
 */
public final class ResultCache {

  /** A complete result, as the engine produced it for {@code engineQueryId}. */
  public record Entry(String engineQueryId, List<ResultColumn> columns, List<List<Object>> rows, QueryStats stats,
                      Instant storedAt) {
  }

  private final Duration ttl;
  private final int maxRows;
  private final int maxEntries;
  private final InstantSource clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
  /** Counts {@link #clear()}s: a result read before one is older than the lake and is not kept. */
  private long generation;

  public ResultCache(Duration ttl, int maxRows, int maxEntries, InstantSource clock) {
    this.ttl = ttl;
    this.maxRows = maxRows;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  public boolean enabled() {
    return !ttl.isZero() && maxEntries > 0;
  }

  public int maxRows() {
    return maxRows;
  }

  /** The cache key of a statement on an engine: the statement text and each parameter's type and literal. */
  public static String key(String engine, QuerySpec spec) {
    StringBuilder key = new StringBuilder(engine).append('\n').append(spec.sql());
    for (SqlParameter parameter : spec.parameters()) {
      key.append('\n').append(parameter.type().sql()).append('=').append(parameter.literal());
    }
    return key.toString();
  }

  public synchronized Entry get(String key) {
    Entry entry = entries.get(key);
    if (entry != null && expired(entry)) {
      entries.remove(key);
      return null;
    }
    return entry;
  }

  /** The current generation: read it when a query starts, hand it to {@link #put} with its result. */
  public synchronized long generation() {
    return generation;
  }

  /**
   * Drops every result, and refuses those of queries that started before (their {@code generation} is
   * older): the lake changed, so no kept answer may predate it.
   */
  public synchronized void clear() {
    generation++;
    entries.clear();
  }

  /** Keeps a complete result read just now (see the generation-checked overload). */
  public synchronized void put(String key, String engineQueryId, List<ResultColumn> columns,
                               List<List<Object>> rows, QueryStats stats) {
    put(key, engineQueryId, columns, rows, stats, generation);
  }

  /**
   * Keeps a complete result; results over {@code maxRows} rows are not kept, nor results of a query that
   * started before the last {@link #clear()}.
   *
   * @param startedIn {@link #generation()} when the query started
   */
  public synchronized void put(String key, String engineQueryId, List<ResultColumn> columns,
                               List<List<Object>> rows, QueryStats stats, long startedIn) {
    if (!enabled() || rows.size() > maxRows || startedIn != generation) {
      return;
    }
    entries.remove(key);
    entries.put(key, new Entry(engineQueryId, List.copyOf(columns), List.copyOf(rows), stats, clock.instant()));
    while (entries.size() > maxEntries) {
      entries.pollFirstEntry();
    }
  }

  public synchronized void evictExpired() {
    entries.values().removeIf(this::expired);
  }

  public synchronized int size() {
    return entries.size();
  }

  private boolean expired(Entry entry) {
    return !clock.instant().isBefore(entry.storedAt().plus(ttl));
  }
}
