package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.ListenException;
import io.lakeport.deploy.VerticleGroup;
import io.lakeport.ops.cluster.ClusterJoinException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts Vert.x and deploys the verticle groups the profile names; stops them cleanly on SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the verticle groups of a profile until SIGTERM (the default command).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by SIGTERM after a clean shutdown", "1:start-up failed (the reason is printed)",
        "2:the profile is invalid or missing, or names a group this build lacks"})
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  /** How long the shutdown hook waits for the verticles to stop; compose gives 60 s before SIGKILL. */
  static final int SHUTDOWN_SECONDS = 50;

  @Mixin
  ProfileArgs profileArgs;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  RunCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    LakeportConfig config = profileArgs.load(env);
    Map<LakeportConfig.Group, List<VerticleGroup>> available = availableGroups();
    for (LakeportConfig.Group group : config.groups()) {
      if (available.getOrDefault(group, List.of()).stream().allMatch(VerticleGroup::extension)) {
        err.println("groups: '" + group.name().toLowerCase() + "' is not part of this build");
        return 2;
      }
    }
    Vertx vertx;
    try {
      vertx = VertxFactory.create(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      err.println("start-up failed: " + rootMessage(e));
      return 1;
    }
    List<Future<?>> deployments = new ArrayList<>();
    for (LakeportConfig.Group group : config.groups()) {
      deployments.add(deploy(vertx, config, group, available.get(group))
          .onSuccess(x -> LOG.info("group {} started", group.name().toLowerCase())));
    }
    try {
      Future.all(deployments).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      err.println("start-up failed: " + rootMessage(e));
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // vertx.close() undeploys every verticle and waits for its stop(): open multipart uploads are
      // aborted, engine queries cancelled, then the process leaves the cluster. The wait stays under the
      // container's stop grace period (compose: 60 s), after which the engine kills the process.
      LOG.info("shutting down: stopping the verticles");
      long start = System.nanoTime();
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        LOG.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
      } catch (Exception e) {
        LOG.warn("shutdown did not complete within {} s: {}", SHUTDOWN_SECONDS, rootMessage(e));
      }
      stopped.countDown();
    }, "lakeport-shutdown"));
    out.println("lakeport running groups " + config.groups());
    stopped.await();
    return 0;
  }

  /** The group's own verticles first, then its extensions, which may use what the group serves. */
  private static Future<?> deploy(Vertx vertx, LakeportConfig config, LakeportConfig.Group group,
                                  List<VerticleGroup> providers) {
    List<Future<?>> primaries = new ArrayList<>();
    providers.stream().filter(p -> !p.extension()).forEach(p -> primaries.add(p.deploy(vertx, config)));
    return Future.all(primaries).compose(v -> {
      List<Future<?>> extensions = new ArrayList<>();
      providers.stream().filter(VerticleGroup::extension).forEach(p -> extensions.add(p.deploy(vertx, config)));
      return Future.all(extensions);
    });
  }

  /** Every registered provider of each group. */
  static Map<LakeportConfig.Group, List<VerticleGroup>> availableGroups() {
    Map<LakeportConfig.Group, List<VerticleGroup>> groups = new java.util.EnumMap<>(LakeportConfig.Group.class);
    ServiceLoader.load(VerticleGroup.class).forEach(g -> groups.computeIfAbsent(g.group(), k -> new ArrayList<>()).add(g));
    return groups;
  }

  /**
   * What a person reads about a failure: the deepest cause's message, or the message of the first failure
   * on the way that names its own context (the address and keys of a server that cannot listen, of a
   * cluster that cannot be joined), which already carries its cause's.
   */
  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof ListenException) && !(cause instanceof ClusterJoinException)) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
