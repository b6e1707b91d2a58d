package io.lakeport.ops.cluster;

/**
 * This process could not join the cluster: its {@code cluster.host} does not resolve, or Hazelcast could not
 * form or join the cluster on {@code cluster.host:cluster.port}. Names the address and the keys that set it.
 */
public final class ClusterJoinException extends RuntimeException {

  private final String host;
  private final int port;

  private ClusterJoinException(String host, int port, String message, Throwable cause) {
    super(message, cause);
    this.host = host;
    this.port = port;
  }

  /** {@code cluster.host} names no address this machine can resolve. */
  public static ClusterJoinException unresolvableHost(String host, Throwable cause) {
    return new ClusterJoinException(host, -1, "cluster.host: cannot resolve '" + host + "': " + cause.getMessage(),
        cause);
  }

  /** Joining the cluster as {@code host:port} failed. */
  public static ClusterJoinException cannotJoin(String host, int port, Throwable cause) {
    return new ClusterJoinException(host, port, "cannot join the cluster as " + host + ":" + port
        + " (cluster.host, cluster.port): " + cause.getMessage(), cause);
  }

  public String host() {
    return host;
  }

  /** The member port asked for; -1 when the host did not resolve, so no port was tried. */
  public int port() {
    return port;
  }

  /** The configuration keys that set the address. */
  public String configKeys() {
    return port < 0 ? "cluster.host" : "cluster.host, cluster.port";
  }
}
