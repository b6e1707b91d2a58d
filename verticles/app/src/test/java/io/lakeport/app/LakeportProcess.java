package io.lakeport.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Lakeport process started from the shaded jar the reactor built ({@code target/lakeport.jar}), as a
 * container would run it: {@code java -jar lakeport.jar run --profile FILE} plus environment overrides.
 * Its standard output and error go to files next to the test's reports, so a failing test can be read.
 */
public final class LakeportProcess implements AutoCloseable {

  /** This module's jar, or the one {@code -Dlakeport.jar} names (another module's tests, e.g. the generated clients'). */
  static final Path JAR = Path.of(System.getProperty("lakeport.jar", Path.of("target", "lakeport.jar").toString()))
      .toAbsolutePath();
  /** Generous: the machine's cores are shared, and a clustered member waits for Hazelcast's join. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;

  private LakeportProcess(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code run --profile profile} and waits until every group it names has started. */
  public static LakeportProcess start(String name, Path profile, Map<String, String> env, List<String> groups) throws Exception {
    LakeportProcess started = launch(name, List.of("run", "--profile", profile.toString()), env);
    for (String group : groups) {
      started.awaitLog("group " + group + " started", START_TIMEOUT);
    }
    return started;
  }

  /** Any command of the jar (the CLI tools), not waited for. */
  static LakeportProcess launch(String name, List<String> args, Map<String, String> env) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the integration tests run after the app module's `package`");
    }
    Path logs = Path.of("target", "it-logs");
    Files.createDirectories(logs);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "--sun-misc-unsafe-memory-access=allow", "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEPORT_"));
    builder.environment().putAll(env);
    return new LakeportProcess(name, builder.start(), out, err);
  }

  /** Waits until the log (standard error) contains {@code text}; fails early if the process ends. */
  void awaitLog(String text, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before logging '" + text
            + "':\n" + tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not log '" + text + "' within " + max.toSeconds() + " s:\n" + tail());
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int waitFor(Duration max) throws Exception {
    if (!process.waitFor(max.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not end within " + max.toSeconds() + " s:\n" + tail());
    }
    return process.exitValue();
  }

  /** SIGTERM, as {@code docker stop} sends, then waits for the process to end. */
  int terminate(Duration max) throws Exception {
    process.destroy();
    return waitFor(max);
  }

  /** SIGKILL, as a crash or the OOM killer would end it: no shutdown hook runs. Waits for the end. */
  int kill(Duration max) throws Exception {
    process.destroyForcibly();
    return waitFor(max);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  String output() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  public String tail() throws IOException {
    List<String> lines = (output() + log()).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Where the tools live: the repository root (failsafe sets lakeport.home). */
  public static Path repositoryRoot() {
    String home = System.getProperty("lakeport.home");
    if (home != null && Files.isDirectory(Path.of(home, "tools"))) {
      return Path.of(home).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("tools").resolve("bridge-client.mjs"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no tools/bridge-client.mjs above " + Path.of("").toAbsolutePath());
  }
}
