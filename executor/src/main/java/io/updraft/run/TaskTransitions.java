package io.updraft.run;

import static io.updraft.run.TaskState.DEFERRED;
import static io.updraft.run.TaskState.FAILED;
import static io.updraft.run.TaskState.NONE;
import static io.updraft.run.TaskState.QUEUED;
import static io.updraft.run.TaskState.REMOVED;
import static io.updraft.run.TaskState.RESTARTING;
import static io.updraft.run.TaskState.RUNNING;
import static io.updraft.run.TaskState.SCHEDULED;
import static io.updraft.run.TaskState.SKIPPED;
import static io.updraft.run.TaskState.SUCCESS;
import static io.updraft.run.TaskState.UPSTREAM_FAILED;
import static io.updraft.run.TaskState.UP_FOR_RESCHEDULE;
import static io.updraft.run.TaskState.UP_FOR_RETRY;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of task-instance state changes the engine may write, as Airflow's scheduler, executor and
 * hand-made changes (clear, mark success/failed, run state) make them. {@link RunChanges} checks every write
 * against it, so a bug that would store an impossible history fails the step instead.
 */
public final class TaskTransitions {

    /** Set by hand (mark success / failed / skipped) from any state; a running try is killed first. */
    private static final Set<TaskState> BY_HAND = EnumSet.of(SUCCESS, FAILED, SKIPPED);

    private static final Map<TaskState, Set<TaskState>> ALLOWED = new EnumMap<>(TaskState.class);

    static {
        // evaluated: scheduled, settled without running, or marked success (EmptyOperator); failed when a mapped
        // task cannot expand
        allow(NONE, SCHEDULED, SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED);
        allow(SCHEDULED, QUEUED, RUNNING, NONE, SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED);
        // queued for a worker: it starts, goes back to scheduled when its worker is lost, or its holder died
        allow(QUEUED, RUNNING, SCHEDULED, NONE, SUCCESS, FAILED, SKIPPED, UP_FOR_RETRY, RESTARTING);
        // a try ends; clearing a running instance restarts it
        allow(RUNNING, SUCCESS, FAILED, SKIPPED, UP_FOR_RETRY, UP_FOR_RESCHEDULE, DEFERRED, RESTARTING);
        for (TaskState waiting : EnumSet.of(UP_FOR_RETRY, RESTARTING, UP_FOR_RESCHEDULE)) {
            allow(waiting, SCHEDULED, NONE, SUCCESS, FAILED, SKIPPED);
        }
        allow(DEFERRED, SCHEDULED, QUEUED, NONE, SUCCESS, FAILED, SKIPPED, UP_FOR_RETRY);
        // finished: cleared to run again, set by hand, or skipped by a branch decided later (Airflow skips any
        // state but running, success and failed)
        for (TaskState done : TaskState.FINISHED) {
            allow(done, NONE, SUCCESS, FAILED, SKIPPED);
        }
    }

    private TaskTransitions() {
    }

    private static void allow(TaskState from, TaskState... to) {
        Set<TaskState> targets = ALLOWED.computeIfAbsent(from, state -> EnumSet.noneOf(TaskState.class));
        targets.add(from); // a change of other fields (a note, rendered fields) keeps the state
        targets.addAll(Set.of(to));
        targets.addAll(BY_HAND);
    }

    public static boolean isAllowed(TaskState from, TaskState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** @throws IllegalStateException naming the instance and both states when the change is not in the table */
    public static void check(TaskState from, TaskInstance to) {
        if (!isAllowed(from, to.state())) {
            throw new IllegalStateException("Task instance " + to.key() + " cannot go from "
                    + name(from) + " to " + name(to.state()));
        }
    }

    private static String name(TaskState state) {
        return state == NONE ? "none" : state.value();
    }
}
