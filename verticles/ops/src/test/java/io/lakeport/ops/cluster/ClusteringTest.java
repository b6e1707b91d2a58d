package io.lakeport.ops.cluster;

import com.hazelcast.config.Config;
import io.lakeport.config.LakeportConfig.ClusterConfig;
import io.lakeport.run.IngestAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.lakeport.ops.OpsTesting.await;
import static io.lakeport.ops.OpsTesting.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two clustered Vert.x instances over loopback, built the way the launcher builds them. */
class ClusteringTest {

  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Vertx node : nodes) {
      node.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void theHazelcastConfigJoinsOnlyTheListedMembersOverTcp() {
    ClusterConfig cluster = new ClusterConfig(true, "127.0.0.1", 5801, 0, List.of("127.0.0.1:5801", "127.0.0.1"));
    Config config = Clustering.hazelcastConfig(cluster);
    assertThat(config.getClusterName()).isEqualTo("lakeport");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("127.0.0.1:5801");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:5801", "127.0.0.1:5801");
    // Vert.x's own maps come from its default configuration.
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void aHostThatDoesNotResolveFailsNamingTheHostAndItsKey() {
    ClusterConfig cluster = new ClusterConfig(true, "no-such-host.invalid", 5801, 0, List.of());
    assertThatThrownBy(() -> Clustering.clusterManager(cluster))
        .isInstanceOfSatisfying(ClusterJoinException.class, e -> {
          assertThat(e.host()).isEqualTo("no-such-host.invalid");
          assertThat(e.configKeys()).isEqualTo("cluster.host");
        })
        .hasMessageStartingWith("cluster.host: cannot resolve 'no-such-host.invalid': ");
  }

  @Test
  void aRequestAndAPublishCrossTwoClusteredProcesses() throws Exception {
    int portA = freePort();
    int portB = freePort();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    Vertx a = clustered(new ClusterConfig(true, "127.0.0.1", portA, 0, members));
    Vertx b = clustered(new ClusterConfig(true, "127.0.0.1", portB, 0, members));
    assertThat(((VertxInternal) a).clusterManager().getNodes()).hasSize(2);

    // B serves a source's start address, as the ingest process that owns ms2 does.
    String address = IngestAddresses.ofSource(IngestAddresses.START, "ms2");
    await(b.eventBus().<JsonObject>consumer(address, m -> m.reply(new JsonObject().put("servedBy", "b"))).completion());
    LinkedBlockingQueue<JsonObject> progress = new LinkedBlockingQueue<>();
    await(a.eventBus().<JsonObject>consumer(IngestAddresses.PROGRESS, m -> progress.add(m.body())).completion());

    JsonObject reply = await(a.eventBus().<JsonObject>request(address, new JsonObject().put("source", "ms2"))).body();
    assertThat(reply.getString("servedBy")).isEqualTo("b");
    b.eventBus().publish(IngestAddresses.PROGRESS, new JsonObject().put("type", "run-started"));
    assertThat(progress.poll(30, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("type", "run-started"));
  }

  private Vertx clustered(ClusterConfig cluster) throws Exception {
    VertxOptions options = new VertxOptions();
    Clustering.configureEventBus(options, cluster);
    Vertx vertx = Vertx.builder().with(options).withClusterManager(Clustering.clusterManager(cluster))
        .buildClustered().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    nodes.add(vertx);
    return vertx;
  }
}
