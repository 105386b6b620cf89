package io.updraft.rest.v1;

import io.updraft.rest.ApiException;
import io.updraft.rest.Lookup;
import io.updraft.rest.Patterns;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.listing.DagRunFilter;
import io.updraft.listing.TaskInstanceFilter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Finds what a v1 path names, with Airflow 2's NotFound titles and details. */
@Singleton
public class V1Lookup {

    private final Lookup lookup;
    private final DagStore dagStore;
    private final RunStore runStore;

    public V1Lookup(Lookup lookup, DagStore dagStore, RunStore runStore) {
        this.lookup = lookup;
        this.dagStore = dagStore;
        this.runStore = runStore;
    }

    Lookup base() {
        return lookup;
    }

    static ApiException dagNotFound(String dagId) {
        return new ApiException(404, "DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    }

    DagRecord dag(String dagId) {
        return dagStore.find(dagId).orElseThrow(() -> dagNotFound(dagId));
    }

    DagRun run(String dagId, String runId) {
        return runStore.findRun(dagId, runId).orElseThrow(() -> new ApiException(404,
                "DAGRun not found", "DAGRun with DAG ID: '" + dagId + "' and DagRun ID: '" + runId + "' not found"));
    }

    List<DagRun> runs(String dagId) {
        if (!Patterns.isAll(dagId)) {
            dag(dagId);
        }
        return runStore.findRuns(Patterns.isAll(dagId) ? null : dagId,
                EnumSet.noneOf(RunState.class), Integer.MAX_VALUE, 0);
    }

    /** Runs of a DAG (all for {@code ~}) as a list criterion; 404 for an unknown DAG. */
    DagRunFilter runsOf(String dagId) {
        if (Patterns.isAll(dagId)) {
            return new DagRunFilter();
        }
        dag(dagId);
        return new DagRunFilter().dagId(dagId);
    }

    /** Task instances of a run ({@code ~} for either) as a list criterion; 404 as {@link #taskInstances}. */
    TaskInstanceFilter taskInstancesOf(String dagId, String runId) {
        if (Patterns.isAll(runId)) {
            return new TaskInstanceFilter().run(runsOf(dagId).dagId(), null);
        }
        if (!Patterns.isAll(dagId)) {
            run(dagId, runId);
            return new TaskInstanceFilter().run(dagId, runId);
        }
        return new TaskInstanceFilter().run(null, runId);
    }

    List<TaskInstance> taskInstances(String dagId, String runId) {
        List<TaskInstance> all = new ArrayList<>();
        if (!Patterns.isAll(runId) && !Patterns.isAll(dagId)) {
            run(dagId, runId);
        }
        for (DagRun run : runs(dagId)) {
            if (Patterns.isAll(runId) || run.runId().equals(runId)) {
                all.addAll(runStore.taskInstances(run.dagId(), run.runId()));
            }
        }
        return all;
    }

    TaskInstance taskInstance(String dagId, String runId, String taskId, int mapIndex) {
        run(dagId, runId);
        return runStore.findTaskInstance(new TaskInstanceKey(dagId, runId, taskId, mapIndex))
                .orElseThrow(() -> new ApiException(404, "Task instance not found", "Task instance not found"));
    }
}
