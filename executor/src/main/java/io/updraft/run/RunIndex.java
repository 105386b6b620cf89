package io.updraft.run;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's unfinished runs, indexed so that a step costs what changed, not how many runs wait: by id, by
 * (dag, run id), queued runs per DAG in start order, running counts per DAG, and the running runs with a
 * dagrun_timeout. Every change of a run's state goes through {@link #stateChanged}. Confined to the engine thread.
 */
final class RunIndex {

    private static final Comparator<ActiveRun> START_ORDER = Comparator
            .comparing((ActiveRun ar) -> ar.run().runAfter())
            .thenComparingLong(ar -> ar.run().id());

    private final Map<Long, ActiveRun> byId = new LinkedHashMap<>();
    private final Map<String, ActiveRun> byRunKey = new HashMap<>();
    private final Map<String, NavigableSet<ActiveRun>> queuedByDag = new HashMap<>();
    private final Map<String, Integer> runningByDag = new HashMap<>();
    private final Set<ActiveRun> runningWithTimeout = new LinkedHashSet<>();
    /** The state each run is indexed under, to undo it when the state changes. */
    private final Map<ActiveRun, RunState> indexedAs = new IdentityHashMap<>();

    void add(ActiveRun ar) {
        byId.put(ar.run().id(), ar);
        byRunKey.put(key(ar.run().dagId(), ar.run().runId()), ar);
        index(ar);
    }

    void remove(ActiveRun ar) {
        if (byId.remove(ar.run().id(), ar)) {
            byRunKey.remove(key(ar.run().dagId(), ar.run().runId()));
            unindex(ar);
        }
    }

    /** Re-files a run whose state changed (queued, running, finished). */
    void stateChanged(ActiveRun ar) {
        if (byId.get(ar.run().id()) == ar) {
            unindex(ar);
            index(ar);
        }
    }

    ActiveRun get(long runId) {
        return byId.get(runId);
    }

    ActiveRun get(String dagId, String runId) {
        return byRunKey.get(key(dagId, runId));
    }

    boolean contains(ActiveRun ar) {
        return byId.get(ar.run().id()) == ar;
    }

    Collection<ActiveRun> all() {
        return byId.values();
    }

    /** DAGs with queued runs, each with its queued runs in start order (run_after, then id). */
    Map<String, NavigableSet<ActiveRun>> queuedByDag() {
        return queuedByDag;
    }

    int running(String dagId) {
        return runningByDag.getOrDefault(dagId, 0);
    }

    Set<ActiveRun> runningWithTimeout() {
        return runningWithTimeout;
    }

    void clear() {
        byId.clear();
        byRunKey.clear();
        queuedByDag.clear();
        runningByDag.clear();
        runningWithTimeout.clear();
        indexedAs.clear();
    }

    private void index(ActiveRun ar) {
        RunState state = ar.run().state();
        String dagId = ar.run().dagId();
        if (state == RunState.QUEUED) {
            queuedByDag.computeIfAbsent(dagId, id -> new TreeSet<>(START_ORDER)).add(ar);
        } else if (state == RunState.RUNNING) {
            runningByDag.merge(dagId, 1, Integer::sum);
            if (ar.dag().dagrunTimeout() != null) {
                runningWithTimeout.add(ar);
            }
        }
        indexedAs.put(ar, state);
    }

    private void unindex(ActiveRun ar) {
        RunState state = indexedAs.remove(ar);
        String dagId = ar.run().dagId();
        if (state == RunState.QUEUED) {
            NavigableSet<ActiveRun> queue = queuedByDag.get(dagId);
            if (queue != null) {
                queue.remove(ar);
                if (queue.isEmpty()) {
                    queuedByDag.remove(dagId);
                }
            }
        } else if (state == RunState.RUNNING) {
            runningByDag.merge(dagId, -1, Integer::sum);
            runningWithTimeout.remove(ar);
        }
    }

    private static String key(String dagId, String runId) {
        return dagId + "\u0000" + runId;
    }
}
