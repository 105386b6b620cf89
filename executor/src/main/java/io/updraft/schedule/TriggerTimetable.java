package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Airflow 3's {@code _TriggerTimetable}: a run at each trigger time t with the zero-length interval [t, t] and
 * logical_date t (the {@code interval} parameter is 0, as Airflow's default). Subclasses say what the trigger
 * times are.
 */
abstract class TriggerTimetable implements Timetable {

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
                start = alignNext(now); // run_immediately=False: the first trigger time from now on
            } else {
                start = alignNext(restriction.earliest());
            }
        } else {
            // Without catchup only the most recent trigger time (and not before the last run or start_date) runs.
            start = alignPrevious(now);
            if (lastAutomated != null) {
                start = max(start, next(lastAutomated.end()));
            } else if (restriction.earliest() == null) {
                start = max(start, alignNext(now));
            }
            if (restriction.earliest() != null) {
                start = max(start, alignNext(restriction.earliest()));
            }
        }
        return restriction.allows(start) ? Optional.of(DagRunInfo.exact(start)) : Optional.empty();
    }

    @Override
    public boolean periodic() {
        return true;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
