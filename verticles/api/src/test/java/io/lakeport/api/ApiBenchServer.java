package io.lakeport.api;

import io.lakeport.config.LakeportConfig;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The server side of {@code bench/api/run}: the nine demo tables in a scratch lake ({@link DemoLake}) and the
 * {@code api} group deployed twice over it, as configured by default (30 s result cache) and with the cache
 * off, each with its own Trino user so the engine's query statistics can be told apart. Prints one
 * {@code READY ...} line and serves until it is stopped (SIGTERM), then drops the scratch lake.
 *
 * <p>usage: ApiBenchServer CACHED_PORT CACHED_USER UNCACHED_PORT UNCACHED_USER
 */
public final class ApiBenchServer {

  private ApiBenchServer() {
  }

  public static void main(String[] args) throws Exception {
    int cachedPort = Integer.parseInt(args[0]);
    int uncachedPort = Integer.parseInt(args[2]);
    LocalStackExtension.ensureUp();
    Vertx vertx = Vertx.vertx();
    DemoLake lake = DemoLake.create(vertx, new JsonObject().put("port", cachedPort).put("host", "127.0.0.1"),
        new JsonObject().put("trino", new JsonObject().put("user", args[1])));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      lake.close();
      vertx.close().await();
      stopped.countDown();
    }, "bench-shutdown"));
    new ApiGroup().deploy(vertx, lake.config).await(60, TimeUnit.SECONDS);
    LakeportConfig second = TestApi.config(new JsonObject().put("port", uncachedPort).put("host", "127.0.0.1"),
        new JsonObject().put("schema", lake.schema).put("cacheSeconds", 0).put("trino", new JsonObject()
            .put("uri", lake.config.engine().trinoUri().toString()).put("user", args[3])));
    new ApiGroup().deploy(vertx, second).await(60, TimeUnit.SECONDS);
    System.out.println("READY schema=" + lake.schema);
    System.out.flush();
    stopped.await();
  }
}
