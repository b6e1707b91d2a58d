package io.lakeport.query.athena;

import io.lakeport.query.athena.AthenaEngine.SdkRetries;
import io.lakeport.query.athena.AthenaEngine.Settings;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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

  /** An engine on {@code fake} over this client, its Athena client built as production builds it, with a test key. */
  AthenaEngine engine(Vertx vertx, FakeAthenaServer fake, SdkRetries retries, Settings settings) {
    return new AthenaEngine(vertx,
        AthenaEngine.clientBuilder(AthenaEngineTest.engineConfig(fake.endpoint()), retries)
            .httpClient(http)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLAKEPORTTEST", "not-a-secret")))
            .build(),
        settings);
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
