package io.updraft.rest.v2;

import io.updraft.dag.LoadedDags;
import io.updraft.rest.Lookup;
import io.updraft.run.DagRun;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.listing.Lists;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds v2 responses that need more than one stored record (a run with its DAG version and display name). */
@Singleton
public class Views {

    private final Lookup lookup;
    private final LoadedDags loadedDags;
    private final DagStore dagStore;
    private final RunStore runStore;

    public Views(Lookup lookup, LoadedDags loadedDags, DagStore dagStore, RunStore runStore) {
        this.loadedDags = loadedDags;
        this.dagStore = dagStore;
        this.runStore = runStore;
        this.lookup = lookup;
    }

    String displayName(String dagId) {
        // the loaded DAG first: it is in memory, and the store row says the same
        return loadedDags.find(dagId).map(io.updraft.dag.Dag::displayName).orElseGet(() ->
                dagStore.find(dagId).map(DagRecord::dagDisplayName).orElse(dagId));
    }

    DagVersionResponse version(DagRun run) {
        return lookup.version(run.dagId(), run.dagVersion())
                .map(v -> DagVersionResponse.of(v, displayName(run.dagId()))).orElse(null);
    }

    DagRunResponse run(DagRun run) {
        DagVersionResponse version = version(run);
        return DagRunResponse.of(run, version == null ? List.of() : List.of(version), displayName(run.dagId()));
    }

    TaskInstanceResponse taskInstance(TaskInstance ti) {
        DagRun run = runStore.findRun(ti.dagId(), ti.runId()).orElse(null);
        return TaskInstanceResponse.of(ti, run, run == null ? null : version(run), displayName(ti.dagId()));
    }

    /** The runs of all the instances are read in one query, not one per instance. */
    List<TaskInstanceResponse> taskInstances(List<TaskInstance> tis) {
        Map<Lists.RunKey, DagRun> runs = lookup.lists().runs(tis.stream()
                .map(ti -> new Lists.RunKey(ti.dagId(), ti.runId())).toList());
        Map<String, String> displayNames = new HashMap<>();
        return tis.stream().map(ti -> {
            DagRun run = runs.get(new Lists.RunKey(ti.dagId(), ti.runId()));
            return TaskInstanceResponse.of(ti, run, run == null ? null : version(run),
                    displayNames.computeIfAbsent(ti.dagId(), this::displayName));
        }).toList();
    }
}
