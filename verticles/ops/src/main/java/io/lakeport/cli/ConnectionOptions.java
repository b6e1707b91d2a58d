package io.lakeport.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How a client command reaches Lakeport: the REST API ({@code --api URL} or {@code LAKEPORT_API_URL}, with
 * {@code --api-key} or {@code LAKEPORT_API_KEY}), or the TCP event-bus bridge ({@code --bridge host:port}).
 * An explicit {@code --bridge} wins; otherwise a configured API URL makes REST the way; otherwise the bridge
 * at {@value #DEFAULT_BRIDGE}.
 */
final class ConnectionOptions {

  static final String DEFAULT_BRIDGE = "127.0.0.1:7000";
  static final String API_URL_ENV = "LAKEPORT_API_URL";
  static final String API_KEY_ENV = "LAKEPORT_API_KEY";

  /** The way chosen, with its address. */
  sealed interface Target permits Bridge, Api { }

  record Bridge(String host, int port) implements Target {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  record Api(URI url, String apiKey) implements Target { }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--bridge", paramLabel = "HOST:PORT",
      description = "Reach Lakeport through its TCP event-bus bridge (default " + DEFAULT_BRIDGE
          + " when no API URL is configured).")
  String bridge;

  @Option(names = "--api", paramLabel = "URL",
      description = "Reach Lakeport through its REST API, e.g. http://127.0.0.1:8000 (default: $" + API_URL_ENV + ").")
  String api;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "The API key sent as X-API-Key (default: $" + API_KEY_ENV + ").")
  String apiKey;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for each answer (1 to 86400, default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  Duration timeout() {
    return Duration.ofSeconds(OptionChecks.wholeNumber(spec, "--timeout", timeoutSeconds, 1, 86_400));
  }

  /** @throws ParameterException for a malformed address */
  Target target(Map<String, String> env) {
    if (bridge != null || (api == null && blank(env.get(API_URL_ENV)))) {
      String address = bridge == null ? DEFAULT_BRIDGE : bridge;
      int colon = address.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65_535) {
        throw new ParameterException(spec.commandLine(), "--bridge expects host:port, got '" + address + "'");
      }
      return new Bridge(address.substring(0, colon), port);
    }
    String url = api != null ? api : env.get(API_URL_ENV);
    String option = api != null ? "--api" : API_URL_ENV;
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + " expects an http(s) URL, got '" + url + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ParameterException(spec.commandLine(), option + " expects an http(s) URL, got '" + url + "'");
    }
    String key = apiKey != null ? apiKey : env.get(API_KEY_ENV);
    return new Api(uri, blank(key) ? null : key);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
