package io.updraft.schedule;

import java.time.Instant;
import java.util.Optional;

/** {@code schedule: None} (Airflow 3's default): manual and API runs only. */
public final class NullTimetable implements Timetable {

    @Override
    public Optional<DagRunInfo> nextRun(DataInterval lastAutomated, Restriction restriction, Instant now) {
        return Optional.empty();
    }

    @Override
    public boolean periodic() {
        return false;
    }

    @Override
    public boolean canBeScheduled() {
        return false;
    }

    @Override
    public String summary() {
        return "None";
    }
}
