package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/** {@code @once}: one run at start_date (or now without one), whatever catchup says. */
public final class OnceTimetable implements Timetable {

    @Override
    public Optional<DagRunInfo> nextRun(DataInterval lastAutomated, Restriction restriction, Instant now) {
        if (lastAutomated != null) {
            return Optional.empty();
        }
        Instant at = restriction.earliest() != null ? restriction.earliest() : now;
        return restriction.allows(at) ? Optional.of(DagRunInfo.exact(at)) : Optional.empty();
    }

    @Override
    public boolean periodic() {
        return false;
    }

    @Override
    public String summary() {
        return "@once";
    }
}
