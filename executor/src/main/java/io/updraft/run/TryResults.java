package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision step's handling of a try's end: the instance's new state (success, skipped, up_for_retry or
 * failed), its XComs, branching and short-circuit skips, the retry's due time and the callbacks. Also a try lost
 * with its engine process (Airflow's zombie). Confined to the engine thread.
 */
final class TryResults {

    private static final Logger LOG = LoggerFactory.getLogger(TryResults.class);

    /** A try of this engine is under way: queued for a remote worker, or running. */
    private static final java.util.Set<TaskState> STARTED = java.util.EnumSet.of(TaskState.QUEUED,
            TaskState.RUNNING);
    private static final java.util.Set<TaskState> NOT_SKIPPED = java.util.EnumSet.of(TaskState.RUNNING,
            TaskState.SUCCESS, TaskState.FAILED, TaskState.SKIPPED);

    private final Decider decider;
    private final RunEvaluator evaluator;

    TryResults(Decider decider, RunEvaluator evaluator) {
        this.decider = decider;
        this.evaluator = evaluator;
    }

    /**
     * A try ended. It counts only while its instance is still running the same try in this engine: an outcome for an
     * instance settled meanwhile (timed out, cleared, marked, deleted) or for an older try is refused.
     */
    /** A worker started a queued remote try: it turns running, with the worker's host and start time. */
    void claimed(ActiveRun ar, EngineEvent.TryClaimed claimed, Decider.Step step) {
        TaskInstance started = claimed.attempt().taskInstance();
        TaskInstance ti = ar == null ? null : ar.get(started.key());
        if (ti == null || ti.state() != TaskState.QUEUED || ti.tryNumber() != started.tryNumber()) {
            return;
        }
        TaskInstance running = ti.toBuilder().state(TaskState.RUNNING).startDate(claimed.startedAt())
                .hostname(claimed.hostname()).pid(null).updatedAt(claimed.startedAt()).build();
        ar.put(running);
        step.changes.update(TaskState.QUEUED, running);
    }

    void finish(ActiveRun ar, EngineEvent.TryFinished finished, Decider.Step step) {
        TaskInstance started = finished.attempt().taskInstance();
        TaskInstance ti = ar == null ? null : ar.get(started.key());
        if (ti == null || !STARTED.contains(ti.state()) || ti.tryNumber() != started.tryNumber()
                || !decider.tryEnded(ar, ti)) {
            LOG.debug("Outcome of {} try {} refused: the instance moved on", started.key(), started.tryNumber());
            return;
        }
        TaskOutcome outcome = finished.outcome();
        if (SensorWaits.isWait(outcome)) {
            decider.waits().waitFor(ar, ti, finished, step);
            return;
        }
        decider.waits().ended(ti, step);
        Task task = ar.task(ti.key());
        Instant endedAt = finished.endedAt();
        List<XCom> xcoms = new ArrayList<>();
        String error = outcome.error();
        TaskState state = switch (outcome.result()) {
            case SUCCESS -> TaskState.SUCCESS;
            case SKIPPED -> TaskState.SKIPPED;
            case FAILED -> RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
            case FAILED_NO_RETRY -> TaskState.FAILED;
            case RESCHEDULE, DEFER -> RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED; // no wait
        };
        Collection<String> toSkip = state == TaskState.SUCCESS ? notFollowed(ar.dag(), task, outcome) : List.of();
        Map<String, Object> pushed = outcome.xcoms();
        if (!toSkip.isEmpty() && pushed.containsKey(XCom.RETURN_VALUE)) {
            // Airflow's skip of the tasks not followed ends execute before its return value is pushed
            pushed = new java.util.LinkedHashMap<>(pushed);
            pushed.remove(XCom.RETURN_VALUE);
        }
        if (state == TaskState.SUCCESS) {
            try {
                pushed.forEach((key, value) -> xcoms.add(new XCom(ti.dagId(), ti.runId(), ti.taskId(),
                        ti.mapIndex(), key, Json.write(value), endedAt)));
            } catch (IllegalArgumentException e) {
                error = "The task's XCom value is " + e.getMessage();
                state = RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
                xcoms.clear();
            }
        }
        TaskInstance ended = ti.toBuilder().state(state).endDate(endedAt)
                .renderedFields(outcome.renderedFields()).renderedMapIndex(outcome.renderedMapIndex())
                .updatedAt(endedAt).build();
        ar.put(ended);
        step.changes.update(ti.state(), ended);
        if (state == TaskState.UP_FOR_RETRY) {
            step.changes.recordTry(SupersededTries.record(ended, endedAt));
        }
        xcoms.forEach(step.changes::putXCom);
        if (state == TaskState.SUCCESS) {
            pushed.forEach((key, value) -> ar.rememberXCom(ti.taskId(), ti.mapIndex(), key, value));
            skip(ar, toSkip, endedAt, step);
        } else if (state == TaskState.UP_FOR_RETRY) {
            decider.retryAt(ar, ended.key(), nextRetry(ar, ended));
        }
        // the task itself too, so the run's state is decided even when it has no downstream
        ar.markCandidate(task.taskId());
        ar.markCandidates(ar.dag().downstream(task.taskId()));
        decider.wakeRunsDependingOnPast(ar, task);
        CallbackKind kind = RunEvaluator.callbackFor(state);
        if (kind != null && !task.callbacks(kind).isEmpty()) {
            step.effects.add(new Effect.TaskCallbacks(finished.attempt(), kind, error));
        }
    }

    /** Branching and short-circuit: the downstream tasks the try chose not to follow. */
    private static Collection<String> notFollowed(Dag dag, Task task, TaskOutcome outcome) {
        Collection<String> toSkip = new java.util.LinkedHashSet<>();
        if (outcome.followOnly() != null) {
            Set<String> followed = new HashSet<>(outcome.followOnly());
            outcome.followOnly().forEach(id -> followed.addAll(dag.tasks().containsKey(id)
                    ? dag.closure(id, true) : Set.of()));
            dag.downstream(task.taskId()).stream().filter(id -> !followed.contains(id)).forEach(toSkip::add);
        }
        switch (outcome.skip()) {
            case DIRECT -> toSkip.addAll(dag.downstream(task.taskId()));
            case ALL -> toSkip.addAll(dag.closure(task.taskId(), true));
            default -> {
            }
        }
        return toSkip;
    }

    /**
     * As Airflow's skip of the tasks not followed: any state but running, success and failed becomes skipped, an
     * upstream_failed one too.
     */
    private void skip(ActiveRun ar, Collection<String> toSkip, Instant now, Decider.Step step) {
        for (String taskId : toSkip) {
            for (TaskInstance downstream : ar.instancesOf(taskId)) {
                if (!NOT_SKIPPED.contains(downstream.state())) {
                    evaluator.settle(ar, downstream, TaskState.SKIPPED, now, step.changes);
                }
            }
        }
    }

    /** A try whose engine process died counts as failed: retried when tries remain (Airflow's zombie handling). */
    void failOrphaned(ActiveRun ar, TaskInstance ti, Decider.Step step) {
        TaskState state = RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
        TaskInstance ended = ti.toBuilder().state(state).endDate(step.now).updatedAt(step.now).build();
        ar.put(ended);
        step.changes.update(ti.state(), ended);
        if (state == TaskState.UP_FOR_RETRY) {
            step.changes.recordTry(SupersededTries.record(ended, step.now));
        }
        LOG.warn("Task instance {} try {} was held by engine process (job {}) that is gone: now {}",
                ti.key(), ti.tryNumber(), ti.jobId(), state.value());
        if (state == TaskState.UP_FOR_RETRY) {
            decider.retryAt(ar, ti.key(), nextRetry(ar, ended));
        }
        ar.markCandidate(ti.taskId());
        ar.markCandidates(ar.dag().downstream(ti.taskId()));
    }

    Instant nextRetry(ActiveRun ar, TaskInstance failedTry) {
        return RetryPolicy.nextRetryAt(ar.task(failedTry.key()), ar.dag().dagId(), ar.run().logicalDate(), failedTry);
    }
}
