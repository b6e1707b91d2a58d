package io.lakeport.lake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Retries clean-up that the store refused: aborting an upload or deleting the objects of a failed run
 * usually fails for the same reason the run did (the store is unreachable), so it is tried again with
 * backoff until it succeeds or about a quarter of an hour has passed. Whatever is still left then (or when
 * the process stops) is swept by the next run of the source ({@link LakeStore#sweepOrphanUploads}).
 */
public final class LakeJanitor {

  private static final Logger LOG = LoggerFactory.getLogger(LakeJanitor.class);
  private static final int MAX_ATTEMPTS = 40;
  private static final long MAX_DELAY_MS = 30_000;

  private final Vertx vertx;
  private final Set<Long> timers = new HashSet<>();
  private boolean closed;

  public LakeJanitor(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Runs {@code action} now; if it fails, again later. The returned future is the first attempt's result,
   * so the caller can report whether the clean-up is already done.
   */
  public Future<Void> run(String what, Supplier<Future<?>> action) {
    return attempt(what, action, 1, 1000);
  }

  private Future<Void> attempt(String what, Supplier<Future<?>> action, int attempt, long delay) {
    Future<?> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.<Void>mapEmpty().onFailure(e -> {
      if (closed) {
        LOG.warn("{} failed and the process is stopping; the next run sweeps it: {}", what, LakeWriteException.describe(e));
      } else if (attempt >= MAX_ATTEMPTS) {
        LOG.warn("{} failed {} times; giving up, the next run sweeps it: {}", what, attempt, LakeWriteException.describe(e));
      } else {
        LOG.info("{} failed (attempt {}), retrying in {} ms: {}", what, attempt, delay, LakeWriteException.describe(e));
        long[] id = new long[1];
        id[0] = vertx.setTimer(delay, t -> {
          timers.remove(id[0]);
          attempt(what, action, attempt + 1, Math.min(MAX_DELAY_MS, delay * 2));
        });
        timers.add(id[0]);
      }
    });
  }

  /** Whether retries are still scheduled. */
  public boolean busy() {
    return !timers.isEmpty();
  }

  public void close() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }
}
