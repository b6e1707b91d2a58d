package io.lakeport.cli;

import io.lakeport.ops.bridge.BridgeClient;
import io.lakeport.ops.bridge.BridgeException;
import io.lakeport.run.IngestAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A command that talks to a running Lakeport, over the REST API or the TCP event-bus bridge
 * ({@link ConnectionOptions}); both ways print the same. Exit codes: {@value #OK} done, {@value #FAILED} the
 * run failed or the request was refused (the reason is printed), {@value #USAGE} a bad command line,
 * {@value #UNAVAILABLE} Lakeport is unreachable, the connection was lost, or no ingest process serves the
 * request, {@value #UNAUTHORIZED} the API refused the key (or none was given).
 *
 * <p>Every client command has the standard help options and lists its exit codes under one heading (picocli
 * takes both from this class); each names what 0 and 1 mean for it, and the lines below say 2 to 4 the same way
 * for all (a command whose 3 means more says so in its own words).
 */
@Command(mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n")
abstract class ClientCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;
  static final int UNAUTHORIZED = 4;

  /** {@value #USAGE} in a command's exit code list. */
  static final String USAGE_LINE = "2:a bad command line";
  /** {@value #UNAVAILABLE} in a command's exit code list. */
  static final String UNAVAILABLE_LINE = "3:Lakeport is unreachable";
  /** {@value #UNAUTHORIZED} in a command's exit code list. */
  static final String UNAUTHORIZED_LINE = "4:the API refused the key";

  @Mixin
  ConnectionOptions connection;

  @Spec
  CommandSpec spec;

  final PrintStream out;
  final PrintStream err;
  private final Map<String, String> env;

  ClientCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** The command's name for messages. */
  final String name() {
    return spec.name();
  }

  /** Checks the arguments before connecting; throws {@link picocli.CommandLine.ParameterException}. */
  void validate() {
  }

  /** Does the work over the bridge; completes with the exit code. */
  abstract Future<Integer> overBridge(BridgeClient client, Duration timeout);

  /** Does the work over the REST API; returns the exit code. */
  abstract int overApi(ApiClient api) throws InterruptedException;

  @Override
  public final Integer call() throws Exception {
    ConnectionOptions.Target target = connection.target(env);
    Duration timeout = connection.timeout();
    validate();
    return switch (target) {
      case ConnectionOptions.Api api -> {
        try {
          yield overApi(new ApiClient(api.url(), api.apiKey(), timeout));
        } catch (ApiClient.ApiException e) {
          yield failure(e, api);
        }
      }
      case ConnectionOptions.Bridge bridge -> bridge(bridge, timeout);
    };
  }

  private int bridge(ConnectionOptions.Bridge bridge, Duration timeout) throws Exception {
    // A small Vert.x of its own: one event loop is plenty for one connection.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      Future<Integer> result = BridgeClient.connect(vertx, bridge.host(), bridge.port(), timeout)
          .compose(client -> overBridge(client, timeout).eventually(client::close));
      return result.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      return failure(e.getCause());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** A command the bridge has no address for: says which way does it. */
  final Future<Integer> needsApi(String what) {
    err.println(name() + ": " + what + " goes through the REST API: give --api URL (or set "
        + ConnectionOptions.API_URL_ENV + ")");
    return Future.succeededFuture(USAGE);
  }

  /** The exit code and message for a request the API refused or did not answer. */
  final int failure(ApiClient.ApiException e, ConnectionOptions.Api api) {
    int status = e.status();
    if (status == 401 || status == 403) {
      err.println(name() + ": the API at " + api.url() + (api.apiKey() == null
          ? " needs an API key: give --api-key KEY or set " + ConnectionOptions.API_KEY_ENV
          : " refused the API key (" + status + "): check --api-key or " + ConnectionOptions.API_KEY_ENV)
          + " (" + e.getMessage() + ")");
      return UNAUTHORIZED;
    }
    if (status == 0 || status == 502 || status == 503 || status == 504) {
      err.println(name() + ": " + e.getMessage());
      return UNAVAILABLE;
    }
    String code = switch (status) {
      case 400 -> "bad request: ";
      case 404 -> "not found: ";
      case 409 -> "conflict: ";
      default -> "";
    };
    err.println(name() + ": " + code + e.getMessage());
    return FAILED;
  }

  /** The exit code and message for a failed request over the bridge. */
  final int failure(Throwable cause) {
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
