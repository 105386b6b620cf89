package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Airflow 3's {@code _TriggerTimetable}: a run at each trigger time t with the data interval [t - interval, t] and,
 * as Airflow, its start as logical_date ({@code interval} 0 by default: [t, t], logical_date t). Subclasses say
 * what the trigger times are.
 */
abstract class TriggerTimetable implements Timetable {

    private final java.time.Duration interval;

    TriggerTimetable(java.time.Duration interval) {
        this.interval = interval == null ? java.time.Duration.ZERO : interval;
    }

    /** The first trigger time without a start_date or an earlier run. */
    Instant firstRun(Instant now) {
        return alignNext(now);
    }

    @Override
    public DataInterval inferManualDataInterval(Instant runAfter) {
        return new DataInterval(runAfter.minus(interval), runAfter);
    }

    abstract Instant next(Instant current);

    abstract Instant alignNext(Instant current);

    abstract Instant alignPrevious(Instant current);

    @Override
    public Optional<DagRunInfo> nextRun(DataInterval lastAutomated, Restriction restriction, Instant now) {
        Instant start;
        if (restriction.catchup()) {
            if (lastAutomated != null) {
                start = next(lastAutomated.end());
            } else if (restriction.earliest() == null) {
                start = firstRun(now);
            } else {
                start = alignNext(restriction.earliest());
            }
        } else {
            // Without catchup only the most recent trigger time (and not before the last run or start_date) runs.
            start = alignPrevious(now);
            if (lastAutomated != null) {
                start = max(start, next(lastAutomated.end()));
            } else if (restriction.earliest() == null) {
                start = max(start, firstRun(now));
            }
            if (restriction.earliest() != null) {
                start = max(start, alignNext(restriction.earliest()));
            }
        }
        if (!restriction.allows(start)) {
            return Optional.empty();
        }
        return Optional.of(interval.isZero() ? DagRunInfo.exact(start) : DagRunInfo.interval(start.minus(interval),
                start));
    }

    @Override
    public boolean periodic() {
        return true;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
