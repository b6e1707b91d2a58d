package io.lakeport.app;

import io.lakeport.config.LakeportConfig;
import io.lakeport.deploy.Command;
import io.lakeport.deploy.VerticleGroup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts Vert.x and deploys the verticle groups the profile names; stops them cleanly on SIGTERM. */
final class RunCommand implements Command {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "run the verticle groups of a profile (default command): [--profile conf/local.yaml]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    LakeportConfig config = ProfileArgs.parse(args, System.getenv()).load(System.getenv());
    Map<LakeportConfig.Group, VerticleGroup> available = availableGroups();
    for (LakeportConfig.Group group : config.groups()) {
      if (!available.containsKey(group)) {
        err.println("groups: '" + group.name().toLowerCase() + "' is not part of this build");
        return 2;
      }
    }
    Vertx vertx = VertxFactory.create(config).toCompletionStage().toCompletableFuture().get();
    List<Future<?>> deployments = new ArrayList<>();
    for (LakeportConfig.Group group : config.groups()) {
      deployments.add(available.get(group).deploy(vertx, config)
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
      // Undeploying runs every verticle's stop(): open uploads are aborted, engine queries cancelled.
      LOG.info("shutting down");
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not complete cleanly", e);
      }
      stopped.countDown();
    }, "lakeport-shutdown"));
    out.println("lakeport running groups " + config.groups());
    stopped.await();
    return 0;
  }

  static Map<LakeportConfig.Group, VerticleGroup> availableGroups() {
    Map<LakeportConfig.Group, VerticleGroup> groups = new java.util.EnumMap<>(LakeportConfig.Group.class);
    ServiceLoader.load(VerticleGroup.class).forEach(g -> groups.put(g.group(), g));
    return groups;
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
