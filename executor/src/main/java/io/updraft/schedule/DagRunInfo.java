package io.updraft.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What a timetable says about the next automated run (Airflow's {@code DagRunInfo}).
 *
 * @param logicalDate the run's logical date (= data interval start)
 * @param runAfter the run is created once now ≥ this
 */
public record DagRunInfo(Instant logicalDate, DataInterval dataInterval, Instant runAfter) {

    public DagRunInfo {
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dataInterval, "dataInterval");
        Objects.requireNonNull(runAfter, "runAfter");
    }

    /** A run at one instant with a zero-length interval (trigger timetables, @once). */
    public static DagRunInfo exact(Instant at) {
        return new DagRunInfo(at, DataInterval.exact(at), at);
    }

    /** A run over an interval, created at its end (continuous). */
    public static DagRunInfo interval(Instant start, Instant end) {
        return new DagRunInfo(start, new DataInterval(start, end), end);
    }

    public boolean isDue(Instant now) {
        return !runAfter.isAfter(now);
    }
}
