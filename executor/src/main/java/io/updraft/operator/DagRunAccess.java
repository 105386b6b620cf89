package io.updraft.operator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host service ({@code TaskContext.service}) through which tasks see and make runs of other DAGs: the
 * TriggerDagRunOperator and the ExternalTaskSensor, and their triggers. Thread-safe.
 */
public interface DagRunAccess {

    /** A run's state and its task instances' states, by task id. */
    record RunStates(String runId, String state, Map<String, List<String>> taskStates) {
    }

    /**
     * Creates a manual run (queued), or with {@code reset} clears an existing one with that run id to run again.
     *
     * @throws io.updraft.run.DuplicateRunException when the run id or logical date is taken and not reset
     * @throws IllegalArgumentException when no DAG of that id is loaded
     */
    String trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf, String note,
                   boolean reset);

    Optional<RunStates> run(String dagId, String runId);

    /** Whether the DAG is paused; empty when no DAG of that id is known. */
    Optional<Boolean> isPaused(String dagId);

    /** The DAG's run at that logical date. */
    Optional<RunStates> runAt(String dagId, Instant logicalDate);
}
