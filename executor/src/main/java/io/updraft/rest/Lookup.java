package io.updraft.rest;

import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.dag.DagVersion;
import io.updraft.listing.DagRunFilter;
import io.updraft.listing.Lists;
import io.updraft.listing.TaskInstanceFilter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Finds what a request's path names, failing with Airflow 3's 404 messages; also expands the {@code ~} wildcard.
 * v1 controllers catch nothing: the handler turns the same exception into a problem body.
 */
@Singleton
public class Lookup {

    private final java.util.Map<String, DagVersion> versions = new java.util.concurrent.ConcurrentHashMap<>();

    private final RunStore runs;
    private final DagStore dags;
    private final LoadedDags loaded;
    private final Lists lists;

    public Lookup(RunStore runs, DagStore dags, LoadedDags loaded, Lists lists) {
        this.lists = lists;
        this.runs = runs;
        this.dags = dags;
        this.loaded = loaded;
    }

    /** The list endpoints' reads in API terms. */
    public Lists lists() {
        return lists;
    }

    /** Runs of a DAG, or of every DAG for {@code ~}, as a list filter; 404 for an unknown DAG. */
    public DagRunFilter runsOf(String dagId) {
        return runsOf(dagId, new DagRunFilter());
    }

    /** The same criterion added to {@code filter}. */
    public DagRunFilter runsOf(String dagId, DagRunFilter filter) {
        if (Patterns.isAll(dagId)) {
            return filter;
        }
        dag(dagId);
        return filter.dagId(dagId);
    }

    /**
     * Task instances of a run, or across runs when the dag id and/or run id is {@code ~}, as a list criterion;
     * 404 for an unknown DAG or run (as {@link #taskInstances}).
     */
    public TaskInstanceFilter taskInstancesOf(String dagId, String runId) {
        if (Patterns.isAll(runId)) {
            return new TaskInstanceFilter().run(runsOf(dagId).dagId(), null);
        }
        if (!Patterns.isAll(dagId)) {
            run(dagId, runId);
        }
        return new TaskInstanceFilter().run(Patterns.isAll(dagId) ? null : dagId, runId);
    }

    public static String dagNotFound(String dagId) {
        return "The Dag with ID: `" + dagId + "` was not found";
    }

    public DagRecord dag(String dagId) {
        return dags.find(dagId).orElseThrow(() -> ApiException.notFound(dagNotFound(dagId)));
    }

    /** The DAG as loaded from its file; 404 when it is not (no longer) loaded. */
    public Dag loadedDag(String dagId) {
        return loaded.find(dagId).orElseThrow(() -> ApiException.notFound(dagNotFound(dagId)));
    }

    public DagRun run(String dagId, String runId) {
        return runs.findRun(dagId, runId).orElseThrow(() -> ApiException.notFound(
                "The DagRun with dag_id: `" + dagId + "` and run_id: `" + runId + "` was not found"));
    }

    /** Runs of a DAG, or of every DAG for {@code ~}; 404 for an unknown DAG. */
    public List<DagRun> runs(String dagId) {
        if (Patterns.isAll(dagId)) {
            return runs.findRuns(null, EnumSet.noneOf(RunState.class), Integer.MAX_VALUE, 0);
        }
        dag(dagId);
        return runs.findRuns(dagId, EnumSet.noneOf(RunState.class), Integer.MAX_VALUE, 0);
    }

    /** Task instances of a run, or across runs when the dag id and/or run id is {@code ~}. */
    public List<TaskInstance> taskInstances(String dagId, String runId) {
        if (!Patterns.isAll(runId)) {
            if (Patterns.isAll(dagId)) {
                List<TaskInstance> all = new ArrayList<>();
                for (DagRun run : runs(dagId)) {
                    if (run.runId().equals(runId)) {
                        all.addAll(runs.taskInstances(run.dagId(), run.runId()));
                    }
                }
                return all;
            }
            run(dagId, runId);
            return runs.taskInstances(dagId, runId);
        }
        List<TaskInstance> all = new ArrayList<>();
        for (DagRun run : runs(dagId)) {
            all.addAll(runs.taskInstances(run.dagId(), run.runId()));
        }
        return all;
    }

    public TaskInstance taskInstance(String dagId, String runId, String taskId, int mapIndex) {
        run(dagId, runId);
        return runs.findTaskInstance(new TaskInstanceKey(dagId, runId, taskId, mapIndex))
                .orElseThrow(() -> ApiException.notFound("The Task Instance with dag_id: `" + dagId + "`, run_id: `"
                        + runId + "`, task_id: `" + taskId + "` and map_index: `" + mapIndex + "` was not found"));
    }

    /** The stored version a run executed (by its hash), if the store has it. */
    public Optional<DagVersion> version(String dagId, String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        DagVersion known = versions.get(dagId + "\u0000" + hash);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<DagVersion> found = dags.versions(dagId).stream()
                .filter(v -> hash.equals(v.versionHash())).findFirst();
        // a recorded version never changes, so it is read once (runs of one version are listed again and again)
        found.ifPresent(v -> versions.put(dagId + "\u0000" + hash, v));
        return found;
    }
}
