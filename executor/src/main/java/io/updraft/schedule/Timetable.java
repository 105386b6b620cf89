package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/** When a DAG runs (Airflow's Timetable). Implementations are immutable and thread-safe. */
public interface Timetable {

    /**
     * The next automated run after the last one.
     *
     * @param lastAutomated the data interval of the latest scheduled run, null when there was none
     * @param now the current time (catchup=False skips to it)
     * @return empty when no further run will ever be created
     */
    Optional<DagRunInfo> nextRun(DataInterval lastAutomated, Restriction restriction, Instant now);

    /** Data interval of a manual run triggered for {@code runAfter}; zero-length for every Airflow 3 default. */
    default DataInterval inferManualDataInterval(Instant runAfter) {
        return DataInterval.exact(runAfter);
    }

    /** Runs at regular times, so backfills can enumerate them (false for None, @once and @continuous). */
    boolean periodic();

    /** Whether the scheduler ever creates runs (false for None). */
    default boolean canBeScheduled() {
        return true;
    }

    /** Airflow's timetable summary ("0 0 * * *", "@once", ...). */
    String summary();
}
