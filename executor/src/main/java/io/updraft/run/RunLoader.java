package io.updraft.run;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads from the store what the decision step needs to know of a run it takes on: its task instances, the XComs its
 * mapped tasks expand over, the previous run for depends_on_past, and which held instances lost their engine
 * process. The engine's only reads of run state happen here, at the edge of the loop. Thread-safe.
 */
final class RunLoader {

    private final RunStore store;
    private final EngineSettings settings;

    RunLoader(RunStore store, EngineSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** A run this engine has just created, with the instances it created. */
    StoredRun created(Dag dag, DagRun run, List<TaskInstance> instances) {
        return new StoredRun(dag, run, instances, List.of(), previous(dag, run), Set.of(), Set.of());
    }

    /** A run as stored: queued by another process, left unfinished by a dead one, or named by an operation. */
    StoredRun stored(Dag dag, DagRun run) {
        List<TaskInstance> instances = store.taskInstances(run.dagId(), run.runId());
        boolean expandsOverXComs = dag.tasks().values().stream().anyMatch(Task::isMapped);
        List<XCom> xcoms = expandsOverXComs ? store.xcoms(run.dagId(), run.runId(), null) : List.of();
        Set<TaskInstanceKey> orphaned = new HashSet<>();
        Set<TaskInstanceKey> adopted = new HashSet<>();
        for (TaskInstance ti : instances) {
            if (TaskState.EXECUTING.contains(ti.state()) && heldByDeadProcess(ti)) {
                // a try on a remote worker outlives the engine that queued it
                (settings.remoteTries().adoptable(ti) ? adopted : orphaned).add(ti.key());
            }
        }
        java.util.Map<TaskInstanceKey, TaskWait> waits = new java.util.HashMap<>();
        if (instances.stream().anyMatch(ti -> ti.state() != TaskState.NONE && !ti.state().isFinished())) {
            store.taskWaits(run.dagId(), run.runId()).forEach(wait -> waits.put(wait.key(), wait));
        }
        Set<TaskInstanceKey> xcomsBeforeStart = new HashSet<>();
        if (instances.stream().anyMatch(RunLoader::firstTryNotStarted)) {
            Set<TaskInstanceKey> holders = store.xcomHolders(run.dagId(), run.runId());
            instances.stream().filter(ti -> firstTryNotStarted(ti) && holders.contains(ti.key()))
                    .forEach(ti -> xcomsBeforeStart.add(ti.key()));
        }
        return new StoredRun(dag, run, instances, xcoms, previous(dag, run), orphaned, adopted, waits,
                xcomsBeforeStart);
    }

    /** Later tries clear XComs at their start anyway (see {@link ActiveRun#takeXComsToClear}). */
    private static boolean firstTryNotStarted(TaskInstance ti) {
        return ti.tryNumber() <= 1 && (ti.state() == TaskState.NONE || ti.state() == TaskState.SCHEDULED);
    }

    /** The stored run, when it exists and its DAG is loaded. */
    Optional<StoredRun> find(String dagId, String runId) {
        Optional<DagRun> run = store.findRun(dagId, runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        Dag dag = settings.dags().apply(dagId).orElseThrow(() -> new IllegalStateException(
                "DAG '" + dagId + "' is not loaded, so its run " + runId + " cannot be changed"));
        return Optional.of(stored(dag, run.get()));
    }

    private PreviousRun previous(Dag dag, DagRun run) {
        if (dag.tasks().values().stream().noneMatch(Task::dependsOnPast)) {
            return null;
        }
        Instant reference = run.logicalDate() != null ? run.logicalDate() : run.runAfter();
        return store.previousRun(run.dagId(), reference, dag.catchup())
                .map(before -> new PreviousRun(before.id(), store.taskInstances(before.dagId(), before.runId())))
                .orElse(null);
    }

    private boolean heldByDeadProcess(TaskInstance ti) {
        if (ti.jobId() == null) {
            return true;
        }
        return !ti.jobId().equals(settings.jobId()) && settings.isJobDead().test(ti.jobId());
    }
}
