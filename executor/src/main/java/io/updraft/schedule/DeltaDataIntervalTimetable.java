package io.updraft.schedule;

import java.time.Duration;
import java.time.Instant;

/** Airflow 3's {@code DeltaDataIntervalTimetable}: periods of a fixed length (Airflow 2's timedelta default). */
public final class DeltaDataIntervalTimetable extends DataIntervalTimetable {

    private final Duration delta;

    public DeltaDataIntervalTimetable(Duration delta) {
        if (delta.isZero() || delta.isNegative()) {
            throw new IllegalArgumentException("schedule interval must be positive: " + delta);
        }
        this.delta = delta;
    }

    /**
     * Airflow's _skip_to_latest for a fixed delta: now rounded down on the epoch grid of the delta, one period
     * back, not before start_date.
     */
    @Override
    Instant skipToLatest(Instant earliest, Instant now) {
        long deltaMicros = delta.toNanos() / 1000;
        long nowMicros = Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1000;
        long rounded = nowMicros - Math.floorMod(nowMicros, deltaMicros);
        Instant latest = Instant.EPOCH.plus(rounded, java.time.temporal.ChronoUnit.MICROS).minus(delta);
        return earliest == null || latest.isAfter(earliest) ? latest : earliest;
    }

    @Override
    public DataInterval inferManualDataInterval(Instant runAfter) {
        return new DataInterval(runAfter.minus(delta), runAfter);
    }

    @Override
    Instant next(Instant current) {
        return current.plus(delta);
    }

    @Override
    Instant previous(Instant current) {
        return current.minus(delta);
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
