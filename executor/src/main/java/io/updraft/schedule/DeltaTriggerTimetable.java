package io.updraft.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * A timedelta schedule as Airflow 3.1's DeltaTriggerTimetable (the default once
 * {@code [scheduler] create_delta_data_intervals} became False): runs at start_date, start_date + delta, ...
 * with catchup; without catchup at now, then every delta after the last run. We chose it over 3.0's
 * DeltaDataIntervalTimetable so that every Updraft schedule has trigger semantics (logical_date = run time,
 * zero-length interval), like cron schedules.
 */
public final class DeltaTriggerTimetable extends TriggerTimetable {

    private final Duration delta;

    public DeltaTriggerTimetable(Duration delta) {
        this(delta, Duration.ZERO);
    }

    /** @param interval how long before each trigger time its data interval starts */
    public DeltaTriggerTimetable(Duration delta, Duration interval) {
        super(interval);
        if (delta.isZero() || delta.isNegative()) {
            throw new IllegalArgumentException("schedule interval must be positive: " + delta);
        }
        this.delta = delta;
    }

    @Override
    Instant next(Instant current) {
        return current.plus(delta);
    }

    @Override
    Instant alignNext(Instant current) {
        return current;
    }

    @Override
    Instant alignPrevious(Instant current) {
        return current;
    }

    @Override
    public String summary() {
        return delta.toString();
    }
}
