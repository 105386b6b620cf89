package io.updraft.run;

import io.updraft.dag.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * What operators do to runs by hand (the REST API's and the CLI's clear, mark success or failed, set run state,
 * notes, XComs, deletes), with Airflow's rules ({@code clear_task_instances}, {@code set_task_instance_state},
 * {@code set_dag_run_state_to_*}). Works on the engine's in-memory copy and records every change in the step; the
 * engine applies them on its thread, so no write of run or task-instance state goes around it.
 */
final class RunOperations {

    /** What the operations need from the engine. */
    interface Engine {
        /** Stops a running try whose outcome no longer counts, and frees its slot. */
        void abandonTry(ActiveRun run, TaskInstance ti, String why, Decider.Step step);

        /** A retry or restart is due at that moment. */
        void retryAt(ActiveRun run, TaskInstanceKey key, Instant at);
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
    List<TaskInstance> clear(ActiveRun ar, Collection<TaskInstanceKey> keys, Decider.Step step) {
        List<TaskInstance> cleared = new ArrayList<>();
        for (TaskInstanceKey key : keys) {
            TaskInstance ti = ar.get(key);
            if (ti == null) {
                continue;
            }
            Task task = ar.task(key);
            if (SupersededTries.unrecorded(ti)) {
                step.changes.recordTry(SupersededTries.record(ti, step.now));
            }
            TaskInstance after;
            if (ti.state() == TaskState.RUNNING) {
                engine.abandonTry(ar, ti, "the task instance was cleared", step);
                after = ti.toBuilder().state(TaskState.RESTARTING).updatedAt(step.now).build();
                engine.retryAt(ar, key, step.now);
            } else {
                after = ti.toBuilder().state(TaskState.NONE).maxTries(ti.tryNumber() + task.retries())
                        .updatedAt(step.now).build();
            }
            ar.put(after);
            step.changes.update(ti.state(), after);
            ar.markCandidate(key.taskId());
            cleared.add(after);
        }
        requeueIfFinished(ar, step, true);
        return cleared;
    }

    /**
     * Sets instances to success, failed or skipped by hand; instances downstream of them that failed or
     * upstream-failed are cleared so they can run, and a finished run is queued again (Airflow's
     * {@code set_task_instance_state}).
     */
    List<TaskInstance> setState(ActiveRun ar, Collection<TaskInstanceKey> keys, TaskState state, Decider.Step step) {
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
            engine.abandonTry(ar, ti, "the task instance was set to " + state.value(), step);
            TaskInstance after = ti.toBuilder().state(state)
                    .startDate(ti.startDate() == null ? step.now : ti.startDate())
                    .endDate(step.now).updatedAt(step.now).build();
            ar.put(after);
            step.changes.update(ti.state(), after);
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
        clear(ar, toClear, step);
        requeueIfFinished(ar, step, false);
        return changed;
    }

    /**
     * Sets a run's state by hand: success marks every instance not yet successful as success; failed fails the
     * running ones and skips the other unfinished ones; queued sends the run back to be evaluated again.
     */
    DagRun setRunState(ActiveRun ar, RunState state, Decider.Step step) {
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
            engine.abandonTry(ar, ti, "the run was set to " + state.value(), step);
            evaluator.settle(ar, ti, target, step.now, step.changes);
        }
        DagRun before = ar.run();
        DagRun after = state == RunState.QUEUED ? before.requeued(step.now, false)
                : before.withState(state, before.startDate() == null ? step.now : before.startDate(), step.now,
                        step.now);
        changeRun(ar, after, step);
        return after;
    }

    DagRun setRunNote(ActiveRun ar, String note, Decider.Step step) {
        DagRun noted = ar.run().withNote(note, step.now);
        changeRun(ar, noted, step);
        return noted;
    }

    /** Fails a run that is still queued (a backfill's cancel); a started or finished run is left alone. */
    DagRun failIfQueued(ActiveRun ar, Decider.Step step) {
        DagRun before = ar.run();
        if (before.state() != RunState.QUEUED) {
            return before;
        }
        DagRun failed = before.withState(RunState.FAILED, before.startDate(), step.now, step.now);
        changeRun(ar, failed, step);
        return failed;
    }

    TaskInstance setTaskInstanceNote(ActiveRun ar, TaskInstanceKey key, String note, Decider.Step step) {
        TaskInstance ti = ar.get(key);
        if (ti == null) {
            throw new NoSuchElementException("Task instance " + key + " not found");
        }
        TaskInstance noted = ti.toBuilder().note(note).updatedAt(step.now).build();
        ar.put(noted);
        step.changes.update(ti.state(), noted);
        return noted;
    }

    /** Stores an XCom of one of the run's task instances (the REST API's XCom create and update). */
    XCom putXCom(ActiveRun ar, XCom xcom, Decider.Step step) {
        step.changes.putXCom(xcom);
        ar.xcomPut(new TaskInstanceKey(xcom.dagId(), xcom.runId(), xcom.taskId(), xcom.mapIndex()));
        ar.rememberXCom(xcom.taskId(), xcom.mapIndex(), xcom.key(), XComs.value(xcom));
        return xcom;
    }

    /** Deletes a run with its task instances, tries and XComs; its running tries are killed. */
    boolean deleteRun(ActiveRun ar, Decider.Step step) {
        for (TaskInstance ti : List.copyOf(ar.taskInstances())) {
            engine.abandonTry(ar, ti, "the run was deleted", step);
        }
        ar.markDeleted();
        step.changes.deleteRun(ar.run().dagId(), ar.run().runId());
        return true;
    }

    /**
     * Deletes one task instance with its XComs and tries; a running try is killed. Trigger rules count the
     * upstream tasks the DAG defines, so the deleted task is never done: its downstream does not run, and a run left
     * with nothing runnable fails as deadlocked, as in Airflow.
     */
    boolean deleteTaskInstance(ActiveRun ar, TaskInstanceKey key, Decider.Step step) {
        TaskInstance ti = ar.get(key);
        if (ti == null) {
            return false;
        }
        engine.abandonTry(ar, ti, "the task instance was deleted", step);
        ar.remove(key); // a slot it waited for in admission is skipped once the instance is gone
        step.changes.clearXComs(key).delete(key).deleteTries(key);
        ar.markCandidates(ar.dag().downstream(key.taskId()));
        return true;
    }

    private static void changeRun(ActiveRun ar, DagRun after, Decider.Step step) {
        step.changes.updateRun(ar.run().state(), after);
        ar.setRun(after);
    }

    private static void requeueIfFinished(ActiveRun ar, Decider.Step step, boolean cleared) {
        DagRun run = ar.run();
        if (run.state().isFinished()) {
            changeRun(ar, run.requeued(step.now, cleared), step);
        }
    }
}
