package io.lakeport.metrics;

import io.lakeport.run.RunMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Locale;

/**
 * Lakeport's own meters, in one place so that names and tags stay consistent (see docs/operations.md
 * for the list as Prometheus shows it). Code records through {@link #current()}, which is the registry
 * the launcher set up ({@code BackendRegistries.getDefaultNow()}, Prometheus), or a registry that keeps
 * nothing when metrics are off, e.g. in a unit test on a plain {@code Vertx}.
 *
 * <p>Who records what: the ops module records rows, bytes, table failures and run outcomes and durations
 * from the progress events of the sources a process owns ({@code ProgressMetrics}); ingest code must not
 * record those again. The lake writer records parts and aborted uploads, the query service query
 * latencies and engine polls, the scheduler its triggers, the bridge its frames.
 */
public final class LakeportMetrics {

  private final MeterRegistry registry;

  private LakeportMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The process's registry; cheap enough to call for each event. */
  public static LakeportMetrics current() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return new LakeportMetrics(registry == null ? Metrics.globalRegistry : registry);
  }

  public static LakeportMetrics of(MeterRegistry registry) {
    return new LakeportMetrics(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Rows copied into the lake ({@code lakeport_ingest_rows_total{source,table}}). */
  public void rows(String source, String table, long rows) {
    if (rows > 0) {
      Counter.builder("lakeport.ingest.rows").description("Rows copied from a source table into the lake")
          .tag("source", source).tag("table", table).register(registry).increment(rows);
    }
  }

  /** JSON Lines bytes copied ({@code lakeport_ingest_bytes_total{source,table}}), before any compression. */
  public void bytes(String source, String table, long bytes) {
    if (bytes > 0) {
      Counter.builder("lakeport.ingest.bytes").baseUnit("bytes")
          .description("JSON Lines bytes copied from a source table, before compression")
          .tag("source", source).tag("table", table).register(registry).increment(bytes);
    }
  }

  /** A table of a run failed ({@code lakeport_ingest_table_failures_total{source,table}}). */
  public void tableFailed(String source, String table) {
    Counter.builder("lakeport.ingest.table.failures").description("Tables whose copy failed")
        .tag("source", source).tag("table", table).register(registry).increment();
  }

  /**
   * The upkeep of one Iceberg table ended ({@code lakeport_iceberg_upkeep_total{source,table,outcome}}); outcome
   * is succeeded or failed.
   */
  public void tableUpkeep(String source, String table, boolean succeeded) {
    Counter.builder("lakeport.iceberg.upkeep").description("Upkeep of Iceberg tables (compaction, expiry), by outcome")
        .tag("source", source).tag("table", table).tag("outcome", succeeded ? "succeeded" : "failed")
        .register(registry).increment();
  }

  /**
   * A run ended ({@code lakeport_ingest_runs_total{source,mode,outcome}} and
   * {@code lakeport_ingest_run_duration_seconds{source,mode,outcome}}); outcome is succeeded or failed.
   */
  public void runEnded(String source, RunMode mode, boolean succeeded, Duration duration) {
    String outcome = succeeded ? "succeeded" : "failed";
    Counter.builder("lakeport.ingest.runs").description("Ingest runs that ended, by outcome")
        .tag("source", source).tag("mode", mode.wire()).tag("outcome", outcome).register(registry).increment();
    Timer.builder("lakeport.ingest.run.duration").description("Duration of ingest runs")
        .tag("source", source).tag("mode", mode.wire()).tag("outcome", outcome).register(registry).record(duration);
  }

  /** A multipart part was uploaded ({@code lakeport_lake_parts_total{bucket}}, {@code lakeport_lake_part_bytes}). */
  public void partUploaded(String bucket, long bytes) {
    Counter.builder("lakeport.lake.parts").description("Multipart upload parts uploaded")
        .tag("bucket", bucket).register(registry).increment();
    DistributionSummary.builder("lakeport.lake.part.size").baseUnit("bytes").description("Size of uploaded parts")
        .tag("bucket", bucket).register(registry).record(bytes);
  }

  /** An object was committed (CompleteMultipartUpload) ({@code lakeport_lake_objects_total{bucket}}). */
  public void objectCommitted(String bucket) {
    Counter.builder("lakeport.lake.objects").description("Objects committed to the lake")
        .tag("bucket", bucket).register(registry).increment();
  }

  /** A multipart upload was aborted ({@code lakeport_lake_uploads_aborted_total{bucket}}). */
  public void uploadAborted(String bucket) {
    Counter.builder("lakeport.lake.uploads.aborted").description("Multipart uploads aborted (failure or shutdown)")
        .tag("bucket", bucket).register(registry).increment();
  }

  /**
   * A query ended ({@code lakeport_query_duration_seconds{engine,outcome}}); outcome is one of succeeded,
   * failed, cancelled, timeout.
   */
  public void queryEnded(String engine, String outcome, Duration latency) {
    Timer.builder("lakeport.query.duration").description("Query latency from submission to the end state")
        .tag("engine", engine.toLowerCase(Locale.ROOT)).tag("outcome", outcome).register(registry).record(latency);
  }

  /** One status poll to the engine ({@code lakeport_engine_polls_total{engine}}). */
  public void enginePoll(String engine) {
    Counter.builder("lakeport.engine.polls").description("Status polls sent to the query engine")
        .tag("engine", engine.toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  /** The engine throttled a request ({@code lakeport_engine_throttled_total{engine}}). */
  public void engineThrottled(String engine) {
    Counter.builder("lakeport.engine.throttled").description("Engine requests refused for throttling and retried")
        .tag("engine", engine.toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  /**
   * A scheduled slot came ({@code lakeport_schedule_triggers_total{source,outcome}}); outcome is started,
   * skipped (a run of the source was going on), or failed.
   */
  public void scheduleTrigger(String source, String outcome) {
    Counter.builder("lakeport.schedule.triggers").description("Scheduled slots, by what came of them")
        .tag("source", source).tag("outcome", outcome).register(registry).increment();
  }

  /** A frame reached the bridge ({@code lakeport_bridge_frames_total{type,outcome}}); outcome is allowed or refused. */
  public void bridgeFrame(String type, boolean allowed) {
    Counter.builder("lakeport.bridge.frames").description("Frames received by the TCP event-bus bridge")
        .tag("type", type).tag("outcome", allowed ? "allowed" : "refused").register(registry).increment();
  }

  /** How late an event loop ran a task scheduled for it ({@code lakeport_event_loop_delay_seconds}). */
  public void eventLoopDelay(Duration delay) {
    Timer.builder("lakeport.event.loop.delay")
        .description("How late event loops run a periodic probe task: time spent blocked or busy")
        .register(registry).record(delay);
  }
}
