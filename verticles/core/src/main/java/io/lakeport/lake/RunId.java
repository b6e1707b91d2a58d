package io.lakeport.lake;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Run identifiers: {@code {source}-{yyyyMMdd'T'HHmmss'Z'}-{6 hex}}. They sort by start time within a
 * source, name the source that owns the run (so a clustered bus can route status requests), and are safe
 * in S3 keys and Hive partition values.
 */
public final class RunId {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunId() {
  }

  public static String next(String source, Instant start) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return source + "-" + STAMP.format(start) + "-" + HexFormat.of().formatHex(suffix);
  }

  /** The source a run id belongs to. */
  public static String sourceOf(String runId) {
    int end = runId.lastIndexOf('-', runId.lastIndexOf('-') - 1);
    if (end <= 0) {
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    return runId.substring(0, end);
  }

  /**
   * Whether {@code runId} is a run of {@code source}: not for another source's run, even one whose name
   * begins the same ({@code ms1} and {@code ms1-eu}), nor for text that is no run id. Sources that share
   * a bucket share its run manifests; this keeps their histories apart.
   */
  public static boolean belongsTo(String runId, String source) {
    try {
      return sourceOf(runId).equals(source);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
