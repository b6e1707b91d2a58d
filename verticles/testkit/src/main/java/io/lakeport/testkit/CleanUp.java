package io.lakeport.testkit;

import java.util.Arrays;
import java.util.List;

/** One clean-up step of a test's resources: it may throw; the next steps of {@link #all} still run. */
@FunctionalInterface
public interface CleanUp {

  void run() throws Exception;

  /**
   * Runs every step, in order, even after one fails; then throws the first failure (the others suppressed in it).
   * A null step is skipped: the step of a resource that a failed start left null.
   */
  static void all(CleanUp... steps) throws Exception {
    all(Arrays.asList(steps));
  }

  /** {@link #all(CleanUp...)} of a list. */
  static void all(List<CleanUp> steps) throws Exception {
    Exception first = null;
    for (CleanUp step : steps) {
      try {
        if (step != null) {
          step.run();
        }
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
