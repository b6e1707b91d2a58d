package io.lakeport.testing;

import io.lakeport.config.LakeportConfig;
import io.lakeport.config.LakeportConfig.LakeConfig;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A private S3Proxy (filesystem backend) for one test class, on a free port and in a temporary directory,
 * so a test can stop the store in the middle of a write and start it again on the same data. Never the
 * shared one on port 9000.
 */
public final class S3ProxyProcess implements AutoCloseable {

  public static final String ACCESS_KEY = "lakeport";
  public static final String SECRET_KEY = "lakeport-secret";

  private final Path dir;
  private final int port;
  private Process process;

  private S3ProxyProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static S3ProxyProcess start() throws Exception {
    Path dir = Files.createTempDirectory("lakeport-s3proxy-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3ProxyProcess proxy = new S3ProxyProcess(dir, port);
    proxy.launch();
    return proxy;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The lake section of a profile pointing at this store, with the given part settings. */
  public LakeConfig lake(int partSizeMib, int partsInFlight, int maxObjectMib, boolean gzip, int keepSnapshots) {
    return new LakeConfig(endpoint(), "us-east-1", true, ACCESS_KEY, SECRET_KEY, partSizeMib, partsInFlight,
        maxObjectMib, gzip, keepSnapshots, new LakeportConfig.IcebergConfig(LakeportConfig.IcebergCatalogKind.JDBC,
        null, null, null, "lakeport", null, "lakeport", 16, 128, "iceberg",
        new LakeportConfig.GlueConfig("us-east-1", null, null), LakeportConfig.UpkeepConfig.defaults()));
  }

  /** Kills the store at once, as a crash would: open connections are reset. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
      process = null;
    }
  }

  /** Starts the store again on the same port and data. */
  public void restart() throws Exception {
    kill();
    launch();
  }

  private void launch() throws Exception {
    Files.createDirectories(dataDir());
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=" + endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "s3proxy.ignore-unknown-headers=true",
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dataDir(),
        ""));
    Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", "4.1.0",
        "s3proxy-4.1.0-jar-with-dependencies.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Proxy jar not found at " + jar
          + " (mvn dependency:get -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies)");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    process = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", jar.toString(), "--properties",
        properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
        .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.getResponseCode();
        connection.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("S3Proxy did not start on " + endpoint());
  }

  @Override
  public void close() throws Exception {
    kill();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
