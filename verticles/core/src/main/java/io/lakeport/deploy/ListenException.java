package io.lakeport.deploy;

/**
 * A server of a verticle group could not listen at start-up: the address is taken or cannot be bound. It
 * names the component, the address and the configuration keys that set it, so the person starting the
 * process knows what to change.
 */
public final class ListenException extends RuntimeException {

  private final String component;
  private final String host;
  private final int port;
  private final String configKeys;

  private ListenException(String component, String host, int port, String configKeys, String message,
                          Throwable cause) {
    super(message, cause);
    this.component = component;
    this.host = host;
    this.port = port;
    this.configKeys = configKeys;
  }

  /** {@code component} cannot listen on {@code host:port}, the address {@code configKeys} set. */
  public static ListenException cannotListen(String component, String host, int port, String configKeys,
                                             Throwable cause) {
    return new ListenException(component, host, port, configKeys, component + ": cannot listen on " + host + ":"
        + port + " (" + configKeys + "): " + cause.getMessage(), cause);
  }

  /** No loopback port was free for an internal server of {@code component} ({@code purpose}); no key sets it. */
  public static ListenException noFreeLoopbackPort(String component, String purpose, Throwable cause) {
    return new ListenException(component, "127.0.0.1", 0, null, component + ": no free loopback port for "
        + purpose + ": " + cause.getMessage(), cause);
  }

  /** What could not listen: {@code api}, {@code metrics}, {@code bridge}. */
  public String component() {
    return component;
  }

  public String host() {
    return host;
  }

  /** The port asked for; 0 for any free port. */
  public int port() {
    return port;
  }

  /** The configuration keys that set the address, e.g. {@code metrics.host/metrics.port}; null if none do. */
  public String configKeys() {
    return configKeys;
  }
}
