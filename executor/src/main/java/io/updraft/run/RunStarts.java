package io.updraft.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The {@link Decider}'s tick handlers: retries and reschedules that are due, runs past their dagrun_timeout, and
 * queued runs that may start. Confined to the engine thread, as the decider.
 */
final class RunStarts {

    private final Decider decider;
    private final EngineSettings settings;
    private final RunIndex active;
    private final Admission admission;
    private final RetryQueue retries;
    private final RunEvaluator evaluator;
    /** The decider's runs with tasks to evaluate. */
    private final Set<ActiveRun> dirtyRuns;

    RunStarts(Decider decider, EngineSettings settings, RunIndex active, Admission admission, RetryQueue retries,
              RunEvaluator evaluator, Set<ActiveRun> dirtyRuns) {
        this.decider = decider;
        this.settings = settings;
        this.active = active;
        this.admission = admission;
        this.retries = retries;
        this.evaluator = evaluator;
        this.dirtyRuns = dirtyRuns;
    }

    void scheduleDueRetries(Decider.Step step) {
        for (RetryQueue.Due due : retries.takeDue(step.now)) {
            ActiveRun ar = active.get(due.runId());
            TaskInstance ti = ar == null ? null : ar.get(due.key());
            if (ti == null || (ti.state() != TaskState.UP_FOR_RETRY && ti.state() != TaskState.RESTARTING
                    && ti.state() != TaskState.UP_FOR_RESCHEDULE)) {
                continue;
            }
            // a reschedule pokes again within the same try (Airflow's task_reschedule)
            int tryNumber = ti.state() == TaskState.UP_FOR_RESCHEDULE ? ti.tryNumber() : ti.tryNumber() + 1;
            TaskInstance scheduled = ti.toBuilder().state(TaskState.SCHEDULED).tryNumber(tryNumber)
                    .scheduledDttm(step.now).updatedAt(step.now).build();
            ar.put(scheduled);
            step.changes.update(ti.state(), scheduled);
            admission.add(ar, scheduled);
        }
    }

    /** dagrun_timeout: the run fails and its unfinished instances are skipped, as in Airflow. */
    void timeOutRuns(Decider.Step step) {
        for (ActiveRun ar : List.copyOf(active.runningWithTimeout())) {
            Duration timeout = ar.dag().dagrunTimeout();
            DagRun run = ar.run();
            if (timeout == null || run.state() != RunState.RUNNING
                    || !run.startDate().plus(timeout).isBefore(step.now)) {
                continue;
            }
            for (TaskInstance ti : List.copyOf(ar.taskInstances())) {
                if (!ti.state().isFinished()) {
                    decider.stopTry(ar, ti, "Timeout: the DAG run exceeded its dagrun_timeout of " + timeout, step);
                    evaluator.settle(ar, ti, TaskState.SKIPPED, step.now, step.changes);
                }
            }
            decider.finishRun(ar, new RunEvaluator.RunVerdict(RunState.FAILED, "timed_out"), step);
        }
    }

    /** Queued runs start in run_after order while their DAG has fewer than max_active_runs running. */
    void startQueuedRuns(Decider.Step step) {
        for (Map.Entry<String, NavigableSet<ActiveRun>> entry : List.copyOf(active.queuedByDag().entrySet())) {
            String dagId = entry.getKey();
            if (settings.isPaused().test(dagId)) {
                continue;
            }
            for (ActiveRun ar : List.copyOf(entry.getValue())) {
                if (active.running(dagId) >= ar.dag().maxActiveRuns() || ar.run().runAfter().isAfter(step.now)) {
                    break; // later runs wait too: they come after this one
                }
                DagRun started = ar.run().withState(RunState.RUNNING,
                        ar.run().startDate() == null ? step.now : ar.run().startDate(), null, step.now);
                step.changes.updateRun(RunState.QUEUED, started);
                ar.setRun(started);
                active.stateChanged(ar);
                ar.markCandidates(ar.dag().tasks().keySet());
                dirtyRuns.add(ar);
            }
        }
    }
}
