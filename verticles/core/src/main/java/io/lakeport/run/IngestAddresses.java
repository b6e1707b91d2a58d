package io.lakeport.run;

/**
 * The event-bus contract of ingest runs, shared by the ingest group (which serves it), the api group and
 * the tooling bridge (which call it). Bodies are JSON objects; see {@link IngestRequest},
 * {@link ProgressEvent} and {@link RunStatus}. Failures are replied with {@code ReplyException} whose
 * failure code is one of {@link #BAD_REQUEST}, {@link #NOT_FOUND}, {@link #CONFLICT} and whose message says
 * why.
 *
 * <p>Only the addresses in this class are public (and allowed through the bridge); the data path between
 * sources and the lake writer uses private per-transfer addresses.
 */
public final class IngestAddresses {

  /** Request {@link IngestRequest}; reply {@code {"runId": ...}} once the run is accepted. */
  public static final String START = "lakeport.ingest.start";
  /** Request {@code {"runId": ...}}; reply a {@link RunStatus}. */
  public static final String STATUS = "lakeport.ingest.status";
  /** Request {@code {"source": optional, "limit": optional}}; reply {@code {"runs": [RunStatus...]}}, newest first. */
  public static final String RUNS = "lakeport.ingest.runs";
  /**
   * Request {@code {"runId": ...}}: stops a running run (uploads in progress aborted, nothing more
   * committed, watermarks unchanged) and replies its final {@link RunStatus}, state {@code CANCELLED}, once
   * the run has ended (a {@code run-cancelled} progress event is published). {@link #CONFLICT} when the run
   * has already ended, {@link #NOT_FOUND} when there is no such run. {@code DELETE /api/ingestions/{runId}}
   * is the same over HTTP.
   */
  public static final String CANCEL = "lakeport.ingest.cancel";
  /**
   * Request {@code {"source": ...}}: runs the upkeep of the source's Iceberg tables (compaction, snapshot
   * expiry, orphan files; {@code lake.iceberg.upkeep}) and replies, once it has ended,
   * {@code {"source", "state": succeeded|failed, "startedAt", "endedAt", "tables": [{"table", "state",
   * "durationMs", "error"}]}}. {@link #CONFLICT} while a run or an upkeep of the source is going on (and a run
   * is refused while an upkeep is), {@link #BAD_REQUEST} for a source of format jsonl. The scheduler sends it
   * on {@code lake.iceberg.upkeep.schedule}.
   */
  public static final String UPKEEP = "lakeport.ingest.upkeep";
  /** Published {@link ProgressEvent}s of every run. */
  public static final String PROGRESS = "lakeport.ingest.progress";

  /** Failure codes of replies. */
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;

  private IngestAddresses() {
  }

  /**
   * Where the ingest group that owns {@code source} serves {@link #START}, {@link #STATUS} and
   * {@link #RUNS} for that source alone. The public addresses forward here, so with a clustered bus a run
   * triggered anywhere executes in the process configured for its source.
   */
  public static String ofSource(String address, String source) {
    return address + "." + source;
  }
}
