package io.updraft.schedule;

import java.time.Instant;
import java.time.ZoneId;

/** Airflow 3's default for cron strings and presets: a run at every cron time, logical_date = that time. */
public final class CronTriggerTimetable extends TriggerTimetable {

    private final CronSchedule cron;

    public CronTriggerTimetable(String expression, ZoneId zone) {
        this(expression, zone, java.time.Duration.ZERO);
    }

    /** @param interval how long before each trigger time its data interval starts */
    public CronTriggerTimetable(String expression, ZoneId zone, java.time.Duration interval) {
        super(interval);
        this.cron = new CronSchedule(expression, zone);
    }

    /**
     * Airflow's _calc_first_run without a start_date (run_immediately False): the latest trigger time still runs
     * when less than 10% of the period (at least 5 minutes) has passed since it.
     */
    @Override
    Instant firstRun(Instant now) {
        Instant past = alignPrevious(now);
        Instant next = alignNext(now);
        java.time.Duration buffer = java.time.Duration.between(past, next).dividedBy(10);
        if (buffer.compareTo(java.time.Duration.ofMinutes(5)) < 0) {
            buffer = java.time.Duration.ofMinutes(5);
        }
        return java.time.Duration.between(past, now).compareTo(buffer) <= 0 ? past : next;
    }

    @Override
    Instant next(Instant current) {
        return cron.next(current);
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
