package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Airflow 3's {@code _DataIntervalTimetable} ({@code timetables/interval.py}): each run covers the period between
 * two schedule times, has the period's start as logical date and is created at its end. Subclasses say what the
 * schedule times are.
 */
abstract class DataIntervalTimetable implements Timetable {

    abstract Instant next(Instant current);

    abstract Instant previous(Instant current);

    abstract Instant alignNext(Instant current);

    abstract Instant alignPrevious(Instant current);

    /** With catchup=False: the earliest period start that may still run at {@code now}. */
    abstract Instant skipToLatest(Instant earliest, Instant now);

    @Override
    public Optional<DagRunInfo> nextRun(DataInterval lastAutomated, Restriction restriction, Instant now) {
        Instant earliest = restriction.earliest();
        if (!restriction.catchup()) {
            earliest = skipToLatest(earliest, now);
        } else if (earliest != null) {
            earliest = alignNext(earliest);
        }
        Instant start;
        if (lastAutomated == null) {
            if (earliest == null) {
                return Optional.empty();
            }
            start = earliest;
        } else {
            start = alignPrevious(lastAutomated.end());
            if (earliest != null && earliest.isAfter(start)) {
                start = earliest;
            }
            if (!start.isAfter(lastAutomated.start())) {
                start = next(start);
                if (!start.isAfter(lastAutomated.start())) {
                    throw new IllegalStateException(getClass().getSimpleName() + " did not advance past "
                            + lastAutomated.start() + " after one retry");
                }
            }
        }
        if (!restriction.allows(start)) {
            return Optional.empty();
        }
        return Optional.of(DagRunInfo.interval(start, next(start)));
    }

    @Override
    public boolean periodic() {
        return true;
    }
}
