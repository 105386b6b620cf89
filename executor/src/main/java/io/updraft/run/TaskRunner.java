package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;

/**
 * Runs tries of tasks and their callbacks: the bridge from the engine to operators. Thread-safe: the engine calls
 * it from many worker threads at once.
 */
public interface TaskRunner {

    /**
     * Runs one try: renders the task's templates, runs its operator, writes its log. Task failures are reported
     * in the outcome, never thrown. Returns promptly after {@link TaskAttempt#killSwitch()} fires.
     */
    TaskOutcome run(TaskAttempt attempt);

    /**
     * Runs the task's callbacks of one kind for a try that just ended; their output is appended to the try's log.
     * A failing callback is logged, never thrown, and does not change the task's state (as in Airflow).
     *
     * @param error the failure, for on_failure and on_retry; else null
     */
    void runTaskCallbacks(TaskAttempt attempt, CallbackKind kind, String error);

    /**
     * Runs the DAG's callbacks of one kind (on_success, on_failure) for a run that just finished.
     *
     * @param reason Airflow's reason: success, task_failure, timed_out, all_tasks_deadlocked
     */
    void runDagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason);
}
