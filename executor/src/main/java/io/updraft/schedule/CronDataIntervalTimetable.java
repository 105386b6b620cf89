package io.updraft.schedule;

import java.time.Instant;
import java.time.ZoneId;

/** Airflow 3's {@code CronDataIntervalTimetable}: the periods between cron times (Airflow 2's cron default). */
public final class CronDataIntervalTimetable extends DataIntervalTimetable {

    private final CronSchedule cron;

    public CronDataIntervalTimetable(String expression, ZoneId zone) {
        this.cron = new CronSchedule(expression, zone);
    }

    /**
     * Airflow's _skip_to_latest: the period that ended last (or the one that ends now), not before start_date.
     */
    @Override
    Instant skipToLatest(Instant earliest, Instant now) {
        Instant lastStart = cron.previous(now);
        Instant nextStart = cron.next(lastStart);
        Instant latest = nextStart.equals(now) ? lastStart : cron.previous(lastStart);
        if (earliest == null) {
            return latest;
        }
        Instant aligned = alignNext(earliest);
        return aligned.isAfter(latest) ? aligned : latest;
    }

    /** The period that ended last at {@code runAfter}. */
    @Override
    public DataInterval inferManualDataInterval(Instant runAfter) {
        Instant end = alignPrevious(runAfter);
        return new DataInterval(cron.previous(end), end);
    }

    @Override
    Instant next(Instant current) {
        return cron.next(current);
    }

    @Override
    Instant previous(Instant current) {
        return cron.previous(current);
    }

    @Override
    Instant alignNext(Instant current) {
        return cron.alignNext(current);
    }

    @Override
    Instant alignPrevious(Instant current) {
        return cron.alignPrevious(current);
    }

    @Override
    public String summary() {
        return cron.expression();
    }
}
