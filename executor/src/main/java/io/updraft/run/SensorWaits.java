package io.updraft.run;

import io.updraft.json.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * The decision step's handling of sensors that wait, as Airflow's scheduler and triggerer: a try that pokes in vain
 * in reschedule mode turns {@code up_for_reschedule} and is scheduled again at its reschedule date with the same try
 * number; a try that defers turns {@code deferred}, frees its slot, and its trigger is held by the
 * {@link Triggerer}; when the trigger fires, the same try is scheduled again and resumes with the trigger's event.
 * Each wait is stored with the instance ({@link TaskWait}), so the engine that takes a run over resumes it. Confined
 * to the engine thread.
 */
final class SensorWaits {

    private final Decider decider;
    /** The waits of the held runs' instances, until the waiting try ends. */
    private final Map<TaskInstanceKey, TaskWait> waits = new HashMap<>();

    SensorWaits(Decider decider) {
        this.decider = decider;
    }

    static boolean isWait(TaskOutcome outcome) {
        return outcome.sensorWait() != null && (outcome.result() == TaskOutcome.Result.RESCHEDULE
                || outcome.result() == TaskOutcome.Result.DEFER);
    }

    /** A try ended waiting: up_for_reschedule or deferred; the XComs it pushed are kept (as Airflow's). */
    void waitFor(ActiveRun ar, TaskInstance ti, EngineEvent.TryFinished finished, Decider.Step step) {
        TaskOutcome outcome = finished.outcome();
        boolean defer = outcome.result() == TaskOutcome.Result.DEFER;
        TaskWait earlier = resumeOf(ti);
        TaskWait wait = new TaskWait(ti.id(), ti.key(), ti.tryNumber(),
                earlier != null ? earlier.firstStart() : ti.startDate(),
                defer ? null : outcome.sensorWait().resumeAt(), defer ? outcome.sensorWait().trigger() : null, null);
        TaskInstance waiting = ti.toBuilder().state(defer ? TaskState.DEFERRED : TaskState.UP_FOR_RESCHEDULE)
                .endDate(defer ? null : finished.endedAt()).renderedFields(outcome.renderedFields())
                .updatedAt(finished.endedAt()).build();
        ar.put(waiting);
        step.changes.update(ti.state(), waiting).putWait(wait);
        outcome.xcoms().forEach((key, value) -> {
            step.changes.putXCom(new XCom(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), key, Json.write(value),
                    finished.endedAt()));
            ar.rememberXCom(ti.taskId(), ti.mapIndex(), key, value);
        });
        waits.put(ti.key(), wait);
        if (defer) {
            step.effects.add(new Effect.Defer(ar.run().id(), wait));
        } else {
            decider.retryAt(ar, ti.key(), wait.resumeAt());
        }
    }

    /** A deferred instance's trigger fired: the same try is scheduled again, to resume with the event. */
    void fired(ActiveRun ar, EngineEvent.TriggerFired fired, Decider.Step step) {
        TaskInstance ti = ar == null ? null : ar.get(fired.key());
        TaskWait wait = waits.get(fired.key());
        if (ti == null || wait == null || ti.state() != TaskState.DEFERRED || ti.tryNumber() != fired.tryNumber()) {
            return; // cleared, marked or deleted meanwhile
        }
        TaskWait withEvent = wait.fired(fired.event());
        waits.put(ti.key(), withEvent);
        TaskInstance scheduled = ti.toBuilder().state(TaskState.SCHEDULED).scheduledDttm(step.now)
                .updatedAt(step.now).build();
        ar.put(scheduled);
        step.changes.update(TaskState.DEFERRED, scheduled).putWait(withEvent);
        decider.admit(ar, scheduled);
    }

    /**
     * An instance of a run taken on (a restart, a node taking over): a rescheduled one is due at its reschedule
     * date, a deferred one's trigger is held again; one whose wait was not stored resumes at once.
     */
    void adopt(ActiveRun ar, TaskInstance ti, TaskWait stored, Decider.Step step) {
        boolean current = stored != null && stored.taskInstanceId().equals(ti.id())
                && stored.tryNumber() == ti.tryNumber();
        if (current) {
            waits.put(ti.key(), stored);
        }
        if (ti.state() == TaskState.UP_FOR_RESCHEDULE) {
            decider.retryAt(ar, ti.key(), current && stored.resumeAt() != null ? stored.resumeAt() : step.now);
        } else if (ti.state() == TaskState.DEFERRED) {
            if (current && stored.trigger() != null && stored.event() == null) {
                step.effects.add(new Effect.Defer(ar.run().id(), stored));
            } else {
                TaskInstance scheduled = ti.toBuilder().state(TaskState.SCHEDULED).scheduledDttm(step.now)
                        .updatedAt(step.now).build();
                ar.put(scheduled);
                step.changes.update(TaskState.DEFERRED, scheduled);
            }
        }
    }

    /** The wait a new try of this instance resumes, or null for a fresh try. */
    TaskWait resumeOf(TaskInstance ti) {
        TaskWait wait = waits.get(ti.key());
        return wait != null && wait.taskInstanceId().equals(ti.id()) && wait.tryNumber() == ti.tryNumber()
                ? wait : null;
    }

    /** The try ended for good (or the instance moved on): its wait is forgotten. */
    void ended(TaskInstance ti, Decider.Step step) {
        if (waits.remove(ti.key()) != null) {
            step.changes.deleteWait(ti.id());
        }
    }

    void clear() {
        waits.clear();
    }
}
