package io.updraft.run;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tries go to the task instance history, and as what: as Airflow's {@code TaskInstanceHistory.record_ti}, a
 * try is recorded when a new try is about to replace it (it failed with retries left, or it was cleared); the
 * current try lives in the task instance row alone. Recording every finished try cost an insert per task on the
 * engine's hottest path.
 */
final class SupersededTries {

    /** States in which the instance's current try is already recorded, or there is none to record. */
    private static final Set<TaskState> RECORDED_OR_NONE = EnumSet.of(TaskState.NONE, TaskState.SCHEDULED,
            TaskState.QUEUED, TaskState.UP_FOR_RETRY, TaskState.RESTARTING);

    private SupersededTries() {
    }

    /** True when a clear now would replace a try that is in the history under no row yet. */
    static boolean unrecorded(TaskInstance ti) {
        return ti.tryNumber() > 0 && !RECORDED_OR_NONE.contains(ti.state());
    }

    /** The history row of a try being replaced: a try that had not finished counts as failed, ended now. */
    static TaskInstance record(TaskInstance ti, Instant now) {
        if (ti.state().isFinished()) {
            return ti;
        }
        return ti.toBuilder().state(TaskState.FAILED).endDate(ti.endDate() == null ? now : ti.endDate()).build();
    }
}
