package io.lakeport.lake.iceberg;

import io.lakeport.config.LakeportConfig.GlueConfig;
import io.lakeport.config.LakeportConfig.LakeConfig;
import io.lakeport.store.S3Clients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

import java.time.Duration;

/**
 * Builds the synchronous {@link GlueClient} Iceberg's Glue catalog calls: the region and endpoint of
 * {@code lake.iceberg.glue}, the lake's credentials (its static keys where it has them, else the default
 * provider chain), the JDK's HTTP client, the SDK's standard retries.
 */
public final class GlueClients {

  private GlueClients() {
  }

  public static GlueClient create(LakeConfig lake) {
    GlueConfig glue = lake.iceberg().glue();
    GlueClientBuilder builder = GlueClient.builder()
        .region(Region.of(glue.region()))
        .credentialsProvider(S3Clients.credentials(lake))
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
    if (glue.endpoint() != null) {
      builder.endpointOverride(glue.endpoint());
    }
    return builder.build();
  }
}
