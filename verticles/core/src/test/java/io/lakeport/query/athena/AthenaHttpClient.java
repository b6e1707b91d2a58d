package io.lakeport.query.athena;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

import java.net.URI;

/**
 * One HTTP client for a whole test class ({@code @RegisterExtension static}), built as production builds it:
 * clients given an HTTP client instance leave it open, so each test's engine closes without waiting for Netty's
 * graceful shutdown. Closed after the class.
 */
final class AthenaHttpClient implements BeforeAllCallback, AfterAllCallback {

  private SdkAsyncHttpClient http;

  SdkAsyncHttpClient get() {
    return http;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    http = AthenaEngine.httpClientBuilder(AthenaEngineTest.engineConfig(URI.create("http://127.0.0.1:1"))).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    http.close();
  }
}
