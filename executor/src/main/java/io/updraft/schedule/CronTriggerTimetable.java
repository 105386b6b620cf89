package io.updraft.schedule;

import java.time.Instant;
import java.time.ZoneId;

/** Airflow 3's default for cron strings and presets: a run at every cron time, logical_date = that time. */
public final class CronTriggerTimetable extends TriggerTimetable {

    private final CronSchedule cron;

    public CronTriggerTimetable(String expression, ZoneId zone) {
        this.cron = new CronSchedule(expression, zone);
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
