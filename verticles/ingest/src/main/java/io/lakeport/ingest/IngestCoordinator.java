package io.lakeport.ingest;

import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.ingest.RunStatus.State;
import io.lakeport.lake.LakeLayout;
import io.lakeport.lake.RunId;
import io.vertx.core.Future;
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
 * The runs of the sources one ingest process serves: accepts a run (at most one at a time per source),
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
    IngestRun running = active.get(source.name());
    if (running != null) {
      return refuse(IngestAddresses.CONFLICT, "source " + source.name() + " is already ingesting (run "
          + running.runId() + ")");
    }
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
    return Future.succeededFuture(runId);
  }

  /** The run's status: from memory while it runs or recently ended, else from its manifest. */
  public Future<RunStatus> status(String runId) {
    String sourceName;
    try {
      sourceName = RunId.sourceOf(runId);
    } catch (IllegalArgumentException e) {
      return refuse(IngestAddresses.BAD_REQUEST, "'" + runId + "' is not a run id");
    }
    IngestRun run = active.get(sourceName);
    if (run != null && run.runId().equals(runId)) {
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
        RunStatus failed = new RunStatus(stale.runId(), stale.source(), stale.mode(), State.FAILED, stale.startedAt(),
            Instant.now(), stale.tables(), "interrupted: the ingest process stopped before the run ended");
        try (var ignored = MDC.putCloseable("runId", stale.runId())) {
          LOG.warn("run {} was interrupted by a stop of the ingest process; marked failed", stale.runId());
        }
        ended.put(stale.runId(), failed);
        return services.store().putJson(source.bucket(), LakeLayout.runManifestKey(stale.runId()), failed.toJson());
      }).recover(e -> {
        LOG.warn("could not check the last run of {}: {}", source.name(), TableRun.message(e));
        return Future.succeededFuture();
      }));
    }
    return Future.join(all).mapEmpty();
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
