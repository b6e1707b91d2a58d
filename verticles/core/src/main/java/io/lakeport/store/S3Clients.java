package io.lakeport.store;

import io.lakeport.config.LakeportConfig.LakeConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

import java.time.Duration;

/**
 * Builds the {@link S3AsyncClient} (Netty HTTP client) for the lake from the {@code lake} section of a
 * profile: AWS when no endpoint is set, any S3-compatible store (S3Proxy, MinIO) otherwise. Static keys
 * when the profile has them (local development only), else the SDK's default provider chain (IAM roles,
 * AWS_PROFILE, environment).
 */
public final class S3Clients {

  private S3Clients() {
  }

  public static S3AsyncClient create(LakeConfig lake) {
    // Enough connections for every part in flight of a few tables at once plus listings and metadata.
    SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
        .maxConcurrency(Math.max(16, lake.partsInFlight() * 8))
        .connectionTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(120))
        .writeTimeout(Duration.ofSeconds(120))
        .build();
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .httpClient(http)
        .region(Region.of(lake.region()))
        .credentialsProvider(credentials(lake))
        .forcePathStyle(lake.pathStyle());
    if (lake.endpoint() != null) {
      // S3-compatible stores do not all accept the flexible checksums the SDK sends to AWS by default
      // (CRC32 trailers in aws-chunked bodies); send them only when an operation requires one.
      builder.endpointOverride(lake.endpoint())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  /** The lake's credentials, which the lake's other AWS clients (the Iceberg Glue catalog's) use too. */
  public static AwsCredentialsProvider credentials(LakeConfig lake) {
    if (lake.accessKey() != null) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(lake.accessKey(), lake.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
