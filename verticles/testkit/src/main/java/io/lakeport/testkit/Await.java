package io.lakeport.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits in tests for a condition, never for a time: polls until the condition holds or a generous timeout
 * passes, and then fails with what it waited for and the last value it saw. How fast the machine is
 * changes how long a wait takes, never its outcome.
 */
public final class Await {

  /** The interval between two polls; short, since each poll is cheap. */
  private static final Duration POLL = Duration.ofMillis(50);

  private Await() {
  }

  /** Polls {@code condition} until it is true; fails after {@code timeout} naming {@code what}. */
  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    value(what, timeout, condition::call, Boolean.TRUE::equals);
  }

  /**
   * Polls {@code probe} until its value passes {@code accepted} and answers that value; fails after
   * {@code timeout} naming {@code what} and the last value seen.
   */
  public static <T> T value(String what, Duration timeout, Callable<T> probe, Predicate<? super T> accepted) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    Exception lastFailure = null;
    while (true) {
      try {
        last = probe.call();
        lastFailure = null;
        if (accepted.test(last)) {
          return last;
        }
      } catch (Exception e) {
        lastFailure = e;
      }
      if (System.nanoTime() - deadline > 0) {
        AssertionError timedOut = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
            + what + (lastFailure == null ? "; last seen: " + last : "; last attempt failed: " + lastFailure));
        if (lastFailure != null) {
          timedOut.initCause(lastFailure);
        }
        throw timedOut;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
