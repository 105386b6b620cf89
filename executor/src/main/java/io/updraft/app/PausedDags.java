package io.updraft.app;

import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which DAGs are paused, for the engine, read from the store every second rather than on every decision (a pause
 * through the API or another process takes effect within that time). Thread-safe.
 */
final class PausedDags {

    private final DagStore dags;
    private volatile Set<String> paused = Set.of();

    PausedDags(DagStore dags) {
        this.dags = dags;
        refresh();
    }

    void refresh() {
        paused = dags.list(Integer.MAX_VALUE, 0).stream().filter(DagRecord::isPaused).map(DagRecord::dagId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** DAGs unknown to the store count as not paused. */
    boolean isPaused(String dagId) {
        return paused.contains(dagId);
    }
}
