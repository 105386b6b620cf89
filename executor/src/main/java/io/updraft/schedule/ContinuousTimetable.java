package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code @continuous}: the next run covers [previous end, now] and is due at once. The scheduler creates it only
 * when the DAG has no active run (Airflow forces max_active_runs=1), so a run starts as the previous one ends.
 */
public final class ContinuousTimetable implements Timetable {

    @Override
    public Optional<DagRunInfo> nextRun(DataInterval lastAutomated, Restriction restriction, Instant now) {
        if (!restriction.allows(now)) {
            return Optional.empty();
        }
        if (lastAutomated != null) {
            // a clock step backwards must not make an inverted interval
            Instant start = lastAutomated.end();
            return Optional.of(DagRunInfo.interval(start, now.isAfter(start) ? now : start));
        }
        if (restriction.earliest() == null) {
            return Optional.of(DagRunInfo.exact(now));
        }
        Instant start = restriction.earliest();
        return Optional.of(DagRunInfo.interval(start, now.isAfter(start) ? now : start));
    }

    @Override
    public boolean periodic() {
        return false;
    }

    @Override
    public String summary() {
        return "@continuous";
    }
}
