package io.lakeport.query;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Admission: at most {@code maxConcurrent} queries hold a slot (from submit until the engine reports them
 * ended, so queries the engine itself queues count too: Athena counts queued queries against its quota), up to
 * {@code queueSize} more wait for one, in order; past that a query is refused with a
 * {@link QueryRejectedException} (FULL, HTTP 429), and once {@link #close closed} every query is (CLOSED, 503).
 * Knows nothing of engines or executions: {@code T} is whatever the caller tracks queries as, compared by
 * identity. Thread-safe.
 *
 * @param <T> a query, as its caller tracks it
 */
final class QueryAdmission<T> {

  private final String engine;
  private final int maxConcurrent;
  private final int queueSize;
  private final Set<T> holding = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ArrayDeque<T> waiting = new ArrayDeque<>();
  private boolean closed;

  /** @param engine the engine's name, for rejections */
  QueryAdmission(String engine, int maxConcurrent, int queueSize) {
    if (maxConcurrent < 1 || queueSize < 0) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1 and queueSize at least 0");
    }
    this.engine = engine;
    this.maxConcurrent = maxConcurrent;
    this.queueSize = queueSize;
  }

  /**
   * Admits a query: true when it got a slot and may start now, false when it waits (a later {@link #release}
   * hands it one).
   *
   * @throws QueryRejectedException when every slot is held and the queue is full, or admission is closed
   */
  synchronized boolean admit(T query) {
    if (closed) {
      throw new QueryRejectedException(QueryRejectedException.Reason.CLOSED, engine, holding.size(), waiting.size());
    }
    if (holding.size() < maxConcurrent) {
      holding.add(query);
      return true;
    }
    if (waiting.size() < queueSize) {
      waiting.addLast(query);
      return false;
    }
    throw new QueryRejectedException(QueryRejectedException.Reason.FULL, engine, holding.size(), waiting.size());
  }

  /**
   * A query ended (or gave up waiting): frees its slot or its place in the queue. When that freed a slot, the
   * oldest waiting query takes it and is returned, to be started; else null.
   */
  synchronized T release(T query) {
    if (!holding.remove(query)) {
      waiting.remove(query);
      return null;
    }
    T next = waiting.pollFirst();
    if (next != null) {
      holding.add(next);
    }
    return next;
  }

  /** Refuses every later query; those admitted already keep their slot or place until released. */
  synchronized void close() {
    closed = true;
  }

  synchronized int running() {
    return holding.size();
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
