package io.updraft.run;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of DAG runs, task instances, their tries and XComs. The store is the single source of truth: the
 * engine writes every state change here before acting on it. Implementations only persist and query; state rules
 * live in the engine. Thread-safe.
 */
public interface RunStore extends RunReads {

    /**
     * Stores a new run and its task instances in one transaction.
     *
     * @return the run with its store-assigned id
     * @throws DuplicateRunException when the DAG already has a run with this run id, or with this logical date
     */
    default DagRun createRun(DagRun run, List<TaskInstance> taskInstances) {
        return createRuns(List.of(new NewRun(run, taskInstances))).get(0);
    }

    /**
     * A run to create with its task instances.
     *
     * @param ownerJobId the engine that drives it (see {@link RunLeases}); null when it is queued for any engine
     */
    record NewRun(DagRun run, List<TaskInstance> taskInstances, Long ownerJobId) {
        public NewRun(DagRun run, List<TaskInstance> taskInstances) {
            this(run, taskInstances, null);
        }
    }

    /**
     * Stores several new runs and their task instances in one transaction: all or none.
     *
     * @return the runs with their store-assigned ids, in order
     * @throws DuplicateRunException when any of them is taken; nothing is stored then
     */
    List<DagRun> createRuns(List<NewRun> runs);

    /**
     * Applies all changes in one transaction.
     *
     * @throws StaleStateException when a run or task instance is no longer in the expected state; nothing is
     *     applied then
     */
    void apply(RunChanges changes);

    Optional<DagRun> findRun(String dagId, String runId);

    /**
     * Deletes a run with its task instances, tries and XComs.
     *
     * @return false when there was no such run
     */
    boolean deleteRun(String dagId, String runId);

    /**
     * Runs of a DAG (or of every DAG when {@code dagId} is null), newest first by run_after then id.
     *
     * @param states only these states; empty means any
     */
    List<DagRun> findRuns(String dagId, Set<RunState> states, int limit, int offset);

    long countRuns(String dagId, Set<RunState> states);

    /** Runs with an id above {@code afterId} in the given states, by id (new runs since the last look). */
    List<DagRun> findRunsAfter(long afterId, Set<RunState> states, int limit);

    /**
     * The latest run of the DAG whose logical date (or run_after when it has none) is before {@code before}.
     *
     * @param excludeManual skip manual runs (depends_on_past of catchup DAGs looks at scheduled runs only)
     */
    Optional<DagRun> previousRun(String dagId, Instant before, boolean excludeManual);

    /** Task instances of one run, ordered by task id then map index. */
    List<TaskInstance> taskInstances(String dagId, String runId);

    Optional<TaskInstance> findTaskInstance(TaskInstanceKey key);

    /** Task instances in the given states, across all runs (recovery after a crash). */
    List<TaskInstance> findTaskInstances(Collection<TaskState> states);

    /** The superseded tries of a task instance (retried or cleared), oldest first (Airflow's task_instance_history). */
    List<TaskInstance> tries(TaskInstanceKey key);

    /** The task instances of a run that hold XComs. */
    Set<TaskInstanceKey> xcomHolders(String dagId, String runId);

    Optional<XCom> findXCom(String dagId, String runId, String taskId, int mapIndex, String key);

    /** The stored waits of sensors of one run (see {@link TaskWait}). */
    default List<TaskWait> taskWaits(String dagId, String runId) {
        return List.of();
    }
}
