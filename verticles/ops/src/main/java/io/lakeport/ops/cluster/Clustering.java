package io.lakeport.ops.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.lakeport.config.LakeportConfig.ClusterConfig;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a process joins the clustered event bus: a Hazelcast member that finds the others through the
 * {@code cluster.members} list over TCP/IP (multicast and cloud auto-detection off, so two stacks on one
 * network never merge by accident), bound to and announced as {@code cluster.host}, plus the event bus's
 * own TCP server on the same host. Runs at start-up, before any event loop exists, so resolving the host
 * blocks nothing.
 */
public final class Clustering {

  /** Hazelcast's cluster name: members with another name refuse to join. */
  public static final String CLUSTER_NAME = "lakeport";

  private Clustering() {
  }

  /** Hazelcast's configuration: Vert.x's defaults (its subscription maps) plus the network of the profile. */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    // Hazelcast logs its first lines before it reads the config's properties.
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Micrometer has the process's metrics; Hazelcast's own collector only adds noise at shutdown.
    config.getMetricsConfig().setEnabled(false);
    // Join after 2 s instead of 5: containers of a stack start together; Hazelcast merges late joiners.
    config.setProperty("hazelcast.wait.seconds.before.join", "2");
    // Vert.x leaves the cluster in its own shutdown hook, after undeploying the verticles.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    String address = resolve(cluster.host());
    // Bind to the configured address only, and tell the others that address.
    config.setProperty("hazelcast.local.localAddress", address);
    config.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false).setPortCount(1);
    network.setPublicAddress(address + ":" + cluster.port());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.memberAddresses());
    return config;
  }

  public static ClusterManager clusterManager(ClusterConfig cluster) {
    return new HazelcastClusterManager(hazelcastConfig(cluster));
  }

  /** The event bus's TCP server: on {@code cluster.host}, port {@code cluster.busPort} (0: any free port). */
  public static void configureEventBus(VertxOptions options, ClusterConfig cluster) {
    options.getEventBusOptions()
        .setHost(cluster.host())
        .setPort(cluster.busPort())
        .setClusterPublicHost(cluster.host());
  }

  private static String resolve(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw ClusterJoinException.unresolvableHost(host, e);
    }
  }
}
