package io.lakeport.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure the local stack answers before the tests of a class run:
 * {@code @ExtendWith(LocalStackExtension.class)}, usually next to {@code VertxExtension}.
 *
 * <p>Once per JVM it runs {@code scripts/local-stack status} (a real request to every service) and, when
 * anything is down, {@code scripts/local-stack up}, which starts only what is missing and loads the demo
 * data. The script serialises concurrent runs with a lock, so parallel builds share one stack. A failure
 * is remembered: later test classes fail at once with the same message instead of retrying for minutes.
 */
public final class LocalStackExtension implements BeforeAllCallback {
  private static final Object LOCK = new Object();
  private static boolean ready;
  private static IllegalStateException failure;

  @Override
  public void beforeAll(ExtensionContext context) {
    ensureUp();
  }

  /** What the extension does, for code that needs the stack outside a JUnit class (benchmarks, mains). */
  public static void ensureUp() {
    synchronized (LOCK) {
      if (ready) {
        return;
      }
      if (failure != null) {
        throw failure;
      }
      Path root = LocalStack.repositoryRoot();
      if (run(root, "status").exitCode() != 0) {
        Result up = run(root, "up");
        System.out.print(up.output()); // lands in the test report, next to the test's own output
        if (up.exitCode() != 0) {
          failure = new IllegalStateException("scripts/local-stack up failed (exit " + up.exitCode() + ") in " + root
              + ":\n" + up.output());
          throw failure;
        }
      }
      ready = true;
    }
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(Path root, String command) {
    Path script = root.resolve("scripts").resolve("local-stack");
    ProcessBuilder builder = new ProcessBuilder(script.toString(), command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Process process = builder.start();
      // The services the script starts write to their own log files, so its output ends when it does;
      // the script bounds its own waiting (lock, start-up timeouts).
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Result(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script + " " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script + " " + command, e);
    }
  }
}
