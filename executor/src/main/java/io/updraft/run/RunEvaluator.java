package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Task;
import io.updraft.dag.XComArg;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one run, what its unset task instances become: scheduled, skipped, upstream_failed, removed, or
 * expanded (mapped tasks); and what the run's state becomes (Airflow's {@code DagRun.update_state} and
 * {@code schedule_tis}). Works on the engine's in-memory copy and records every change for the store.
 */
final class RunEvaluator {

    /** What the evaluator needs from the engine. */
    interface Context {
        /** The instance was scheduled and waits for a slot. */
        void scheduled(ActiveRun run, TaskInstance ti);

        /** EmptyOperator tasks without callbacks are marked success without running, as in Airflow. */
        boolean skipsExecution(Task task);

        /** Resolves an XCom reference of a mapped task's {@code expand}; null when there is no such XCom. */
        Object pullXCom(ActiveRun run, XComArg reference);

        /** depends_on_past / wait_for_downstream: whether the previous run lets this instance run. */
        boolean pastDependsMet(ActiveRun run, Task task, TaskInstance ti);
    }

    /** A finished run's new state and Airflow's reason (success, task_failure, all_tasks_deadlocked). */
    record RunVerdict(RunState state, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunEvaluator.class);

    private final Context context;

    RunEvaluator(Context context) {
        this.context = context;
    }

    private record Decided(Task task, TaskInstance ti, TriggerRuleEvaluator.Decision decision) {
    }

    /**
     * Evaluates candidate tasks until no instance changes, one level per pass as Airflow's scheduling loop does:
     * every candidate of a pass is decided against the states at the pass's start, and only then are the decisions
     * applied, so a task never sees a state its upstream got in the same pass.
     */
    void evaluate(ActiveRun ar, Instant now, RunChanges changes) {
        ar.setWaitsOnPastRuns(false);
        while (ar.hasCandidates()) {
            List<Decided> pass = new java.util.ArrayList<>();
            for (String taskId : ar.takeCandidates()) {
                Task task = ar.dag().task(taskId);
                for (TaskInstance ti : ar.instancesOf(taskId)) {
                    if (ti.state() == TaskState.NONE) {
                        pass.add(new Decided(task, ti, TriggerRuleEvaluator.evaluate(task.triggerRule(),
                                !task.upstream().isEmpty(), ar.upstreamCounts(task), ti.mapIndex())));
                    }
                }
            }
            for (Decided decided : pass) {
                TaskInstance current = ar.get(decided.ti().key());
                if (current != null && current.state() == TaskState.NONE) {
                    applyDecision(ar, decided.task(), current, decided.decision(), now, changes);
                }
            }
        }
    }

    private void applyDecision(ActiveRun ar, Task task, TaskInstance ti, TriggerRuleEvaluator.Decision decision,
                               Instant now, RunChanges changes) {
        if (decision.newState() != null) {
            settle(ar, ti, decision.newState(), now, changes);
            return;
        }
        if (!decision.passed()) {
            return;
        }
        if (task.dependsOnPast() && !context.pastDependsMet(ar, task, ti)) {
            ar.setWaitsOnPastRuns(true);
            return;
        }
        if (task.isMapped() && ti.mapIndex() < 0) {
            expand(ar, task, ti, now, changes);
            return;
        }
        if (context.skipsExecution(task)) {
            TaskInstance done = ti.toBuilder().state(TaskState.SUCCESS).tryNumber(ti.tryNumber() + 1)
                    .startDate(now).endDate(now).updatedAt(now).build();
            apply(ar, ti, done, changes);
            ar.markCandidates(ar.dag().downstream(task.taskId()));
            return;
        }
        TaskInstance scheduled = ti.toBuilder().state(TaskState.SCHEDULED).tryNumber(ti.tryNumber() + 1)
                .scheduledDttm(now).updatedAt(now).build();
        apply(ar, ti, scheduled, changes);
        context.scheduled(ar, scheduled);
    }

    /** Sets a final state decided without running (skip, upstream_failed, removed) and wakes the downstream. */
    void settle(ActiveRun ar, TaskInstance ti, TaskState state, Instant now, RunChanges changes) {
        Instant start = ti.startDate() == null ? now : ti.startDate();
        apply(ar, ti, ti.toBuilder().state(state).startDate(start).endDate(now).updatedAt(now).build(), changes);
        ar.markCandidates(ar.dag().downstream(ti.taskId()));
    }

    private static void apply(ActiveRun ar, TaskInstance before, TaskInstance after, RunChanges changes) {
        ar.put(after);
        changes.update(before.state(), after);
    }

    /**
     * Dynamic task mapping: replaces the placeholder (map index -1) by one instance per combination of the
     * expanded values; none at all skips the task (Airflow's zero-length expansion).
     */
    private void expand(ActiveRun ar, Task task, TaskInstance placeholder, Instant now, RunChanges changes) {
        List<Map<String, Object>> combinations;
        try {
            combinations = MappedArguments.combinations(task, reference -> context.pullXCom(ar, reference));
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot expand mapped task {} of {}: {}", task.taskId(), ar.run().runId(), e.getMessage());
            settle(ar, placeholder, TaskState.FAILED, now, changes);
            return;
        }
        if (combinations.isEmpty()) {
            settle(ar, placeholder, TaskState.SKIPPED, now, changes);
            return;
        }
        ar.expansions().put(task.taskId(), combinations);
        ar.remove(placeholder.key());
        changes.delete(placeholder.key());
        for (int index = 0; index < combinations.size(); index++) {
            TaskInstance instance = placeholder.toBuilder().mapIndex(index)
                    .id(index == 0 ? placeholder.id() : TaskInstanceIds.next())
                    .updatedAt(now).build();
            ar.put(instance);
            changes.insert(instance);
        }
        ar.markCandidate(task.taskId());
    }

    /**
     * The run's state once its instances are settled, or null while it is still running. Decided by the leaf
     * tasks, as in Airflow: any failed leaf fails the run; otherwise a run with nothing left to do succeeds.
     */
    RunVerdict verdict(ActiveRun ar) {
        boolean unfinished = false;
        boolean progressing = false;
        for (TaskInstance ti : ar.taskInstances()) {
            if (!ti.state().isFinished()) {
                unfinished = true;
                if (ti.state() != TaskState.NONE) {
                    progressing = true;
                }
            }
        }
        if (!unfinished) {
            for (String leaf : ar.dag().leaves()) {
                for (TaskInstance ti : ar.instancesOf(leaf)) {
                    if (ti.state() == TaskState.FAILED || ti.state() == TaskState.UPSTREAM_FAILED) {
                        return new RunVerdict(RunState.FAILED, "task_failure");
                    }
                }
            }
            return new RunVerdict(RunState.SUCCESS, "success");
        }
        if (!progressing && !ar.waitsOnPastRuns()) {
            // unset instances remain, nothing runs or waits for a retry, and evaluation settled nothing more
            return new RunVerdict(RunState.FAILED, "all_tasks_deadlocked");
        }
        return null;
    }

    /** The callback kind for a try that ended in {@code state}, or null when none applies. */
    static CallbackKind callbackFor(TaskState state) {
        return switch (state) {
            case SUCCESS -> CallbackKind.ON_SUCCESS;
            case FAILED -> CallbackKind.ON_FAILURE;
            case UP_FOR_RETRY -> CallbackKind.ON_RETRY;
            case SKIPPED -> CallbackKind.ON_SKIPPED;
            default -> null;
        };
    }
}
