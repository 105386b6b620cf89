package io.updraft.run;

import io.updraft.dag.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What operators do to runs by hand (the REST API's clear, mark success or failed, set run state), with Airflow's
 * rules ({@code clear_task_instances}, {@code set_task_instance_state}, {@code set_dag_run_state_to_*}). Works on
 * the engine's in-memory copy and records every change; the engine applies them on its thread.
 */
final class RunOperations {

    /** What the operations need from the engine. */
    interface Engine {
        /** Stops a running try whose outcome no longer counts, and frees its slot. */
        void abandonTry(ActiveRun run, TaskInstance ti, String why);

        /** A retry or restart is due at that moment. */
        void retryAt(ActiveRun run, TaskInstance ti, Instant at);
    }

    private static final Set<TaskState> FAIL_WHEN_RUN_FAILS = EnumSet.of(TaskState.RUNNING, TaskState.QUEUED,
            TaskState.DEFERRED, TaskState.UP_FOR_RESCHEDULE, TaskState.RESTARTING);

    private final Engine engine;
    private final RunEvaluator evaluator;

    RunOperations(Engine engine, RunEvaluator evaluator) {
        this.engine = engine;
        this.evaluator = evaluator;
    }

    /**
     * Clears task instances so they run again: a running one restarts (its try is killed and it is retried at
     * once), the others lose their state and get {@code max_tries = try_number + retries}. A finished run goes
     * back to queued with a new clear number.
     */
    List<TaskInstance> clear(ActiveRun ar, Collection<TaskInstanceKey> keys, Instant now, RunChanges changes) {
        List<TaskInstance> cleared = new ArrayList<>();
        for (TaskInstanceKey key : keys) {
            TaskInstance ti = ar.get(key);
            if (ti == null) {
                continue;
            }
            Task task = ar.task(key);
            TaskInstance after;
            if (ti.state() == TaskState.RUNNING) {
                engine.abandonTry(ar, ti, "the task instance was cleared");
                after = ti.toBuilder().state(TaskState.RESTARTING).updatedAt(now).build();
                engine.retryAt(ar, after, now);
            } else {
                after = ti.toBuilder().state(TaskState.NONE).maxTries(ti.tryNumber() + task.retries())
                        .updatedAt(now).build();
            }
            ar.put(after);
            changes.update(ti.state(), after);
            ar.markCandidate(key.taskId());
            cleared.add(after);
        }
        requeueIfFinished(ar, now, changes, true);
        return cleared;
    }

    /**
     * Sets instances to success, failed or skipped by hand; instances downstream of them that failed or
     * upstream-failed are cleared so they can run, and a finished run is queued again (Airflow's
     * {@code set_task_instance_state}).
     */
    List<TaskInstance> setState(ActiveRun ar, Collection<TaskInstanceKey> keys, TaskState state, Instant now,
                                RunChanges changes) {
        if (!EnumSet.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.SKIPPED).contains(state)) {
            throw new IllegalArgumentException("a task instance can be set to success, failed or skipped, not "
                    + state.value());
        }
        List<TaskInstance> changed = new ArrayList<>();
        Set<String> downstream = new LinkedHashSet<>();
        for (TaskInstanceKey key : keys) {
            TaskInstance ti = ar.get(key);
            if (ti == null || ti.state() == state) {
                continue;
            }
            if (ti.state() == TaskState.RUNNING) {
                engine.abandonTry(ar, ti, "the task instance was set to " + state.value());
            }
            TaskInstance after = ti.toBuilder().state(state).startDate(ti.startDate() == null ? now : ti.startDate())
                    .endDate(now).updatedAt(now).build();
            ar.put(after);
            changes.update(ti.state(), after);
            changed.add(after);
            downstream.addAll(ar.dag().closure(key.taskId(), true));
            ar.markCandidates(ar.dag().downstream(key.taskId()));
        }
        List<TaskInstanceKey> toClear = new ArrayList<>();
        for (String taskId : downstream) {
            for (TaskInstance ti : ar.instancesOf(taskId)) {
                if (ti.state() == TaskState.FAILED || ti.state() == TaskState.UPSTREAM_FAILED) {
                    toClear.add(ti.key());
                }
            }
        }
        clear(ar, toClear, now, changes);
        requeueIfFinished(ar, now, changes, false);
        return changed;
    }

    /**
     * Sets a run's state by hand: success marks every instance not yet successful as success; failed fails the
     * running ones and skips the other unfinished ones; queued sends the run back to be evaluated again.
     */
    DagRun setRunState(ActiveRun ar, RunState state, Instant now, RunChanges changes) {
        for (TaskInstance ti : List.copyOf(ar.taskInstances())) {
            TaskState target = switch (state) {
                case SUCCESS -> ti.state() == TaskState.SUCCESS ? null : TaskState.SUCCESS;
                case FAILED -> FAIL_WHEN_RUN_FAILS.contains(ti.state()) ? TaskState.FAILED
                        : ti.state().isFinished() ? null : TaskState.SKIPPED;
                default -> null;
            };
            if (target == null) {
                continue;
            }
            if (ti.state() == TaskState.RUNNING) {
                engine.abandonTry(ar, ti, "the run was set to " + state.value());
            }
            evaluator.settle(ar, ti, target, now, changes);
        }
        DagRun before = ar.run();
        DagRun after = state == RunState.QUEUED ? before.requeued(now, false)
                : before.withState(state, before.startDate() == null ? now : before.startDate(), now, now);
        changes.updateRun(before.state(), after);
        ar.setRun(after);
        return after;
    }

    private static void requeueIfFinished(ActiveRun ar, Instant now, RunChanges changes, boolean cleared) {
        DagRun run = ar.run();
        if (run.state().isFinished()) {
            DagRun queued = run.requeued(now, cleared);
            changes.updateRun(run.state(), queued);
            ar.setRun(queued);
        }
    }
}
