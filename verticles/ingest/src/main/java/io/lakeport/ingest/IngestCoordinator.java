package io.lakeport.ingest;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.IngestRequest;
import io.lakeport.run.RunMode;
import io.lakeport.run.RunStatus;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.config.LakeportConfig.TableFormat;
import io.lakeport.run.RunStatus.State;
import io.lakeport.store.LakeLayout;
import io.lakeport.run.RunId;
import io.lakeport.source.Source;
import io.lakeport.source.UnknownTableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of the sources one ingest process serves: accepts a run (at most one at a time per source, and
 * none while the source's Iceberg tables are under {@link TableUpkeep upkeep}, nor an upkeep during a run),
 * answers status and history, and stops what is running when the process stops. History is the run
 * manifests in each source's bucket, so it survives restarts; the running run is answered from memory.
 * Used from one context.
 */
public final class IngestCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(IngestCoordinator.class);
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 500;

  private final IngestServices services;
  private final Map<String, IngestRun> active = new HashMap<>();
  /** The upkeep under way per source: it excludes runs of the source as a run excludes other runs. */
  private final Map<String, Future<UpkeepReport>> upkeeps = new HashMap<>();
  /** Finished runs' statuses by run id; manifests never change once a run ended. */
  private final Map<String, RunStatus> ended = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RunStatus> eldest) {
      return size() > 1000;
    }
  };

  IngestCoordinator(IngestServices services) {
    this.services = services;
  }

  /** The sources this process serves ({@code ingest.sources}, or every configured one). */
  List<String> sources() {
    return services.config().ownedSources().stream().map(SourceConfig::name).toList();
  }

  private SourceConfig owned(String name) {
    return sources().contains(name) ? services.config().sources().get(name) : null;
  }

  /** Accepts a run and starts it; the run id as soon as it is accepted. */
  public Future<String> start(IngestRequest request) {
    SourceConfig source = owned(request.source());
    if (source == null) {
      return refuse(IngestAddresses.NOT_FOUND, "no source named '" + request.source() + "' is ingested here (served: "
          + sources() + ")");
    }
    for (String table : request.tables()) {
      if (!source.tables().isEmpty() && !source.tables().contains(table)) {
        return refuse(IngestAddresses.BAD_REQUEST, "table '" + table + "' is not one of the tables configured for "
            + source.name() + " (sources." + source.name() + ".tables: " + source.tables() + ")");
      }
    }
    if (request.mode() == RunMode.INCREMENTAL) {
      List<String> known = request.tables().isEmpty() ? source.tables() : request.tables();
      for (String table : known) {
        if (!source.watermarks().containsKey(table)) {
          return refuse(IngestAddresses.BAD_REQUEST, "an incremental run of " + table + " needs a watermark column: set sources."
              + source.name() + ".watermarks." + table);
        }
      }
    }
    if (request.mode() == RunMode.DELETES && source.format() != TableFormat.ICEBERG) {
      return refuse(IngestAddresses.BAD_REQUEST, "delete detection (mode deletes) needs an Iceberg lake: sources."
          + source.name() + ".format is jsonl, whose files have no row-level deletes");
    }
    Future<String> conflict = refuseWhileRunning(source);
    if (conflict != null) {
      return conflict;
    }
    return requestedTablesExist(source, request).compose(v -> {
      // Checked again: discovery was asynchronous, another start may have been accepted meanwhile.
      Future<String> raced = refuseWhileRunning(source);
      return raced != null ? raced : Future.succeededFuture(accept(source, request));
    });
  }

  /** A conflict refusal while the source has a run or an upkeep under way, else null. */
  private <T> Future<T> refuseWhileRunning(SourceConfig source) {
    IngestRun running = active.get(source.name());
    if (running != null) {
      return refuse(IngestAddresses.CONFLICT, "source " + source.name() + " is already ingesting (run "
          + running.runId() + ")");
    }
    return upkeeps.containsKey(source.name()) ? refuse(IngestAddresses.CONFLICT, "source " + source.name()
        + " is under upkeep (compaction and snapshot expiry of its Iceberg tables); try again once it has ended")
        : null;
  }

  /**
   * Runs the upkeep of the source's Iceberg tables ({@link TableUpkeep}) and answers its report once it has
   * ended; a table that failed is in the report, not a failure. Refused while a run or another upkeep of the
   * source is under way, and for a source of format jsonl.
   */
  public Future<UpkeepReport> upkeep(String sourceName) {
    SourceConfig source = owned(sourceName);
    if (source == null) {
      return refuse(IngestAddresses.NOT_FOUND, "no source named '" + sourceName + "' is ingested here (served: "
          + sources() + ")");
    }
    if (source.format() != TableFormat.ICEBERG) {
      return refuse(IngestAddresses.BAD_REQUEST, "source " + source.name() + " has format "
          + source.format().name().toLowerCase(java.util.Locale.ROOT) + "; upkeep is of Iceberg tables (format iceberg)");
    }
    Future<UpkeepReport> conflict = refuseWhileRunning(source);
    if (conflict != null) {
      return conflict;
    }
    Promise<UpkeepReport> ended = Promise.promise();
    upkeeps.put(source.name(), ended.future());
    ended.future().onComplete(done -> upkeeps.remove(source.name(), ended.future()));
    new TableUpkeep(services.catalog(), services.config().lake().iceberg().upkeep()).run(source).onComplete(ended);
    return ended.future();
  }

  /**
   * Asks the source whether the tables a request names exist, so an unknown table is a refusal naming the
   * tables the source has, not a run that fails after 202. Nothing to ask when the request names no table
   * or the configuration lists the tables (checked above). Any other discovery failure (the database
   * unreachable) does not refuse: the run reports it.
   */
  private Future<Void> requestedTablesExist(SourceConfig source, IngestRequest request) {
    if (request.tables().isEmpty() || !source.tables().isEmpty()) {
      return Future.succeededFuture();
    }
    Source opened = services.sources().create(services.vertx(), source, services.config().ingest());
    return Future.<Void>succeededFuture()
        .compose(v -> opened.discover(request.tables()))
        .<Void>transform(discovered -> opened.close().transform(closed -> {
          if (discovered.failed() && discovered.cause() instanceof UnknownTableException unknown) {
            return refuse(IngestAddresses.BAD_REQUEST, unknown.getMessage());
          }
          return Future.succeededFuture();
        }));
  }

  private String accept(SourceConfig source, IngestRequest request) {
    Instant now = Instant.now();
    String runId = RunId.next(source.name(), now);
    IngestRun run = new IngestRun(services, source, runId, now, request);
    active.put(source.name(), run);
    run.finished().onComplete(done -> {
      active.remove(source.name(), run);
      ended.put(runId, done.result());
    });
    // Start after replying: the caller gets the id before the first progress event.
    services.vertx().runOnContext(v -> run.execute());
    try (var ignored = MDC.putCloseable("runId", runId)) {
      LOG.info("run {} accepted: {}", runId, request.toJson().encode());
    }
    return runId;
  }

  /** The run's status: from memory while it runs or recently ended, else from its manifest. */
  public Future<RunStatus> status(String runId) {
    String sourceName;
    try {
      sourceName = RunId.sourceOf(runId);
    } catch (IllegalArgumentException e) {
      return refuse(IngestAddresses.BAD_REQUEST, "'" + runId + "' is not a run id");
    }
    IngestRun run = running(sourceName, runId);
    if (run != null) {
      return Future.succeededFuture(run.status());
    }
    RunStatus known = ended.get(runId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    SourceConfig source = owned(sourceName);
    if (source == null) {
      return refuse(IngestAddresses.NOT_FOUND, "no run " + runId + " (source " + sourceName + " is not served here)");
    }
    return services.store().getJson(source.bucket(), LakeLayout.runManifestKey(runId)).compose(json -> {
      if (json == null) {
        return refuse(IngestAddresses.NOT_FOUND, "no run " + runId);
      }
      RunStatus status = RunStatus.fromJson(json);
      if (status.state() != State.RUNNING) {
        ended.put(runId, status);
      }
      return Future.succeededFuture(status);
    });
  }

  /** The newest runs of one source (or of all served here when null), newest first. */
  public Future<List<RunStatus>> runs(String sourceName, int limit) {
    int n = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    List<String> names = sourceName == null ? sources() : List.of(sourceName);
    List<Future<List<RunStatus>>> perSource = new ArrayList<>();
    for (String name : names) {
      SourceConfig source = owned(name);
      if (source == null) {
        return refuse(IngestAddresses.NOT_FOUND, "no source named '" + name + "' is ingested here");
      }
      perSource.add(history(source, n));
    }
    return Future.all(perSource).map(all -> {
      List<RunStatus> merged = new ArrayList<>();
      for (int i = 0; i < perSource.size(); i++) {
        merged.addAll(all.<List<RunStatus>>resultAt(i));
      }
      merged.sort(Comparator.comparing(RunStatus::startedAt).thenComparing(RunStatus::runId).reversed());
      return List.copyOf(merged.subList(0, Math.min(n, merged.size())));
    });
  }

  private Future<List<RunStatus>> history(SourceConfig source, int limit) {
    return services.store().listKeys(source.bucket(), LakeLayout.runsPrefix())
        .compose(keys -> {
          List<String> ids = new ArrayList<>();
          for (String key : keys) {
            String id = LakeLayout.runIdOfManifest(key);
            if (id != null && RunId.belongsTo(id, source.name())) {
              ids.add(id);
            }
          }
          ids.sort(Comparator.reverseOrder());
          IngestRun run = active.get(source.name());
          if (run != null && !ids.contains(run.runId())) {
            ids.addFirst(run.runId());
          }
          List<Future<RunStatus>> statuses = new ArrayList<>();
          for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
            statuses.add(status(id).recover(e -> Future.succeededFuture(null)));
          }
          return Future.all(statuses).map(all -> {
            List<RunStatus> list = new ArrayList<>();
            for (int i = 0; i < statuses.size(); i++) {
              RunStatus status = all.resultAt(i);
              if (status != null) {
                list.add(status);
              }
            }
            return list;
          });
        });
  }

  /**
   * After a restart: a source's newest manifest still saying RUNNING belongs to a process that stopped
   * mid-run (one run per source, one process per source), so it is rewritten as failed.
   */
  Future<Void> recoverInterrupted() {
    List<Future<?>> all = new ArrayList<>();
    for (SourceConfig source : services.config().ownedSources()) {
      all.add(history(source, 1).compose(newest -> {
        if (newest.isEmpty() || newest.getFirst().state() != State.RUNNING || active.containsKey(source.name())) {
          return Future.succeededFuture();
        }
        RunStatus stale = newest.getFirst();
        String manifest = LakeLayout.runManifestKey(stale.runId());
        // A running run rewrites its manifest every IngestRun.HEARTBEAT_INTERVAL_MS: its time in the store is
        // when the process was last seen.
        return services.store().lastModified(source.bucket(), manifest).compose(lastSeen -> {
          RunStatus failed = new RunStatus(stale.runId(), stale.source(), stale.mode(), State.FAILED,
              stale.startedAt(), Instant.now(), stale.tables(), interruptedReason(lastSeen));
          try (var ignored = MDC.putCloseable("runId", stale.runId())) {
            LOG.warn("run {} was interrupted by a stop of the ingest process (last seen at {}); marked failed",
                stale.runId(), lastSeen == null ? "an unknown time" : lastSeen);
          }
          ended.put(stale.runId(), failed);
          return services.store().putJson(source.bucket(), manifest, failed.toJson());
        });
      }).recover(e -> {
        LOG.warn("could not check the last run of {}: {}", source.name(), TableRun.message(e));
        return Future.succeededFuture();
      }));
    }
    return Future.join(all).mapEmpty();
  }

  /** Why a run found RUNNING at start-up failed, and when its process was last seen (null: unknown). */
  static String interruptedReason(Instant lastSeen) {
    return "interrupted: the ingest process stopped before the run ended"
        + (lastSeen == null ? "" : " (last seen at " + lastSeen + ")");
  }

  /**
   * Stops a running run and answers its final status (CANCELLED) once it has ended: the tables in
   * progress abort their uploads and commit nothing, tables not started are not started. A run that has
   * already ended is a conflict.
   */
  public Future<RunStatus> cancel(String runId, String reason) {
    IngestRun run;
    try {
      run = running(RunId.sourceOf(runId), runId);
    } catch (IllegalArgumentException e) {
      return refuse(IngestAddresses.BAD_REQUEST, "'" + runId + "' is not a run id");
    }
    if (run != null) {
      run.cancelOnRequest(reason);
      return run.finished();
    }
    return status(runId).compose(ended -> refuse(IngestAddresses.CONFLICT, "run " + runId + " has already ended ("
        + ended.state().name().toLowerCase(java.util.Locale.ROOT) + "); only a running run can be cancelled"));
  }

  /** The run {@code runId} of {@code sourceName} while it runs, else null. */
  private IngestRun running(String sourceName, String runId) {
    IngestRun run = active.get(sourceName);
    return run != null && run.runId().equals(runId) ? run : null;
  }

  /** Cancels every run and waits until each has written its manifest. */
  Future<Void> shutdown(String reason) {
    List<Future<RunStatus>> waiting = new ArrayList<>();
    for (IngestRun run : List.copyOf(active.values())) {
      run.cancel(reason);
      waiting.add(run.finished());
    }
    return Future.join(waiting).mapEmpty();
  }

  static JsonObject runsJson(List<RunStatus> runs) {
    return new JsonObject().put("runs", new io.vertx.core.json.JsonArray(runs.stream().map(RunStatus::toJson).toList()));
  }

  private static <T> Future<T> refuse(int code, String message) {
    return Future.failedFuture(new IngestRefusal(code, message));
  }
}
