package io.lakeport.ops;

import io.lakeport.deploy.Command;
import io.lakeport.ingest.IngestAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool that talks to a running Lakeport through its TCP event-bus bridge
 * ({@code --bridge host:port}, default {@value #DEFAULT_BRIDGE}). Exit codes: {@value #OK} done,
 * {@value #FAILED} the run failed or the request was refused (the reason is printed), {@value #USAGE} a bad
 * command line, {@value #UNAVAILABLE} the bridge is unreachable, the connection was lost, or no ingest
 * process serves the request.
 */
abstract class BridgeCommand implements Command {

  static final String DEFAULT_BRIDGE = "127.0.0.1:7000";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;

  private static final Set<String> COMMON_OPTIONS = Set.of("bridge", "timeout");

  /** Options besides --bridge and --timeout. */
  abstract Set<String> options();

  Set<String> flags() {
    return Set.of();
  }

  /** One line of usage after the command's name. */
  abstract String usage();

  /** Does the work over {@code client}; completes with the exit code. */
  abstract Future<Integer> execute(BridgeClient client, CliArgs args, Duration timeout, PrintStream out, PrintStream err);

  /** Checks the arguments before connecting; throws {@link CliArgs.UsageException}. */
  void validate(CliArgs args) {
  }

  @Override
  public final int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    CliArgs args;
    String host;
    int port;
    Duration timeout;
    try {
      Set<String> options = new HashSet<>(options());
      options.addAll(COMMON_OPTIONS);
      args = CliArgs.parse(argv, options, flags());
      String bridge = args.get("bridge", DEFAULT_BRIDGE);
      int colon = bridge.lastIndexOf(':');
      if (colon <= 0) {
        throw new CliArgs.UsageException("--bridge expects host:port, got '" + bridge + "'");
      }
      host = bridge.substring(0, colon);
      try {
        port = Integer.parseInt(bridge.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new CliArgs.UsageException("--bridge expects host:port, got '" + bridge + "'");
      }
      timeout = Duration.ofSeconds(args.integer("timeout", 30, 1, 86_400));
      validate(args);
    } catch (CliArgs.UsageException e) {
      err.println(name() + ": " + e.getMessage());
      err.println("usage: java -jar lakeport.jar " + name() + " " + usage());
      return USAGE;
    }

    // A small Vert.x of its own: one event loop is plenty for one connection.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      Future<Integer> result = BridgeClient.connect(vertx, host, port, timeout)
          .compose(client -> execute(client, args, timeout, out, err).eventually(client::close));
      return result.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      return failure(e.getCause(), err);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The exit code and message for a failed request. */
  final int failure(Throwable cause, PrintStream err) {
    if (cause instanceof BridgeClient.BridgeUnreachableException) {
      err.println(name() + ": " + cause.getMessage());
      return UNAVAILABLE;
    }
    if (cause instanceof BridgeException refused) {
      if ("NO_HANDLERS".equals(refused.failureType())) {
        err.println(name() + ": no ingest process is serving requests (is the ingest group running and on the same "
            + "cluster as the bridge?)");
        return UNAVAILABLE;
      }
      if ("TIMEOUT".equals(refused.failureType())) {
        err.println(name() + ": " + refused.getMessage());
        return UNAVAILABLE;
      }
      String code = switch (refused.failureCode()) {
        case IngestAddresses.BAD_REQUEST -> "bad request: ";
        case IngestAddresses.NOT_FOUND -> "not found: ";
        case IngestAddresses.CONFLICT -> "conflict: ";
        default -> "";
      };
      err.println(name() + ": " + code + refused.getMessage());
      return FAILED;
    }
    err.println(name() + ": " + cause);
    return FAILED;
  }
}
