package io.updraft.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Airflow's task-instance states. {@link #NONE} is Airflow's {@code None} (created, not yet evaluated): it is
 * stored as SQL NULL and serialised as JSON null.
 */
public enum TaskState {
    NONE,
    SCHEDULED,
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED,
    UP_FOR_RETRY,
    UP_FOR_RESCHEDULE,
    UPSTREAM_FAILED,
    SKIPPED,
    REMOVED,
    RESTARTING,
    DEFERRED;

    /** Airflow's {@code State.finished}. */
    public static final Set<TaskState> FINISHED = EnumSet.of(SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED);
    /** Counted against pools and max_active_tasks (Airflow's EXECUTION_STATES). */
    public static final Set<TaskState> EXECUTING = EnumSet.of(RUNNING, QUEUED);

    /** The string Airflow uses, or null for {@link #NONE}. */
    public String value() {
        return this == NONE ? null : name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return FINISHED.contains(this);
    }

    /** Parses Airflow's string; null, "" and the legacy "none" mean {@link #NONE}. */
    public static TaskState of(String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("none")) {
            return NONE;
        }
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
