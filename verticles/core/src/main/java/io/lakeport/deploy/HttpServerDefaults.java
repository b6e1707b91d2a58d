package io.lakeport.deploy;

import io.vertx.core.http.HttpServerOptions;

/** What every HTTP server of Lakeport (the API, the metrics endpoint) starts from. */
public final class HttpServerDefaults {

  private HttpServerDefaults() {
  }

  /**
   * HTTP/1.1 on plain connections, without the HTTP/2 cleartext upgrade ({@code Upgrade: h2c}) Vert.x accepts
   * by default. The JDK's {@code java.net.http.HttpClient} asks for that upgrade on every first request (the
   * CLI, generated Java clients, tests); against a Vert.x server the switch races with the response, and a
   * large response (a metrics scrape, a page of rows) then fails as a protocol error or hangs the client for
   * good. A client that asks for the upgrade now gets a plain HTTP/1.1 answer.
   */
  public static HttpServerOptions options() {
    return new HttpServerOptions().setHttp2ClearTextEnabled(false);
  }
}
