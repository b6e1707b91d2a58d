package io.lakeport.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run identifiers: {@code {source}-{yyyyMMdd'T'HHmmss'Z'}-{6 hex}}. They sort by start time within a
 * source, name the source that owns the run (so a clustered bus can route status requests), and are safe
 * in S3 keys and Hive partition values.
 */
public final class RunId {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** A run id followed by "-": how the lake's file names begin. */
  private static final Pattern LEADING = Pattern.compile("^(.+-\\d{8}T\\d{6}Z-[0-9a-f]{6})-");

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

  /**
   * The run id a file name begins with ({@code {runId}-…}, as the lake's data files are named), or null
   * when it begins with none: the orphan sweeps tell a dead run's files from the active run's by it.
   */
  public static String leading(String fileName) {
    Matcher m = LEADING.matcher(fileName);
    return m.find() ? m.group(1) : null;
  }
}
