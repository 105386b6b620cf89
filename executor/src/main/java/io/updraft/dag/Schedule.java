package io.updraft.dag;

import java.time.Duration;
import java.util.Objects;

/**
 * A DAG's {@code schedule}, as written and in normalised form.
 *
 * @param kind what drives the runs
 * @param expression for {@link Kind#CRON}: the 5-field cron expression (presets already expanded); else null
 * @param interval for {@link Kind#DELTA}: the time between runs; else null
 * @param text the schedule as written in the DAG file ("@daily", "0 3 * * *", "None", ...), for display
 * @param zone a CronTriggerTimetable's own {@code timezone}; null: the DAG's
 * @param dataInterval a trigger timetable's {@code interval}: each run's data interval ends at its trigger time and
 *     starts this much before (Airflow then takes the start as logical date); null: zero
 * @param intervals Airflow's {@code CronDataIntervalTimetable} / {@code DeltaDataIntervalTimetable}: each run covers
 *     the period between two ticks and runs at its end, instead of a trigger timetable's run at each tick
 */
public record Schedule(Kind kind, String expression, Duration interval, String text, java.time.ZoneId zone,
                       Duration dataInterval, boolean intervals) {

    public enum Kind { NONE, ONCE, CONTINUOUS, CRON, DELTA }

    public static final Schedule NONE = new Schedule(Kind.NONE, null, null, null);
    /** Scheduled on assets: no timetable (runs come from asset events); Airflow's summary "Asset". */
    public static final Schedule ASSETS = new Schedule(Kind.NONE, null, null, "Asset");

    public Schedule {
        Objects.requireNonNull(kind, "kind");
    }

    public Schedule(Kind kind, String expression, Duration interval, String text) {
        this(kind, expression, interval, text, null, null, false);
    }

    /** The same schedule with a trigger timetable's own timezone and data interval. */
    public Schedule withTimetableOptions(java.time.ZoneId timetableZone, Duration timetableInterval) {
        return new Schedule(kind, expression, interval, text, timetableZone,
                timetableInterval == null || timetableInterval.isZero() ? null : timetableInterval, intervals);
    }

    /** The same schedule as a data-interval timetable (Airflow's Cron/DeltaDataIntervalTimetable) in a zone. */
    public Schedule withDataIntervals(java.time.ZoneId timetableZone) {
        return new Schedule(kind, expression, interval, text, timetableZone, null, true);
    }

    /** The same schedule under another summary (AssetOrTimeSchedule's "Asset or ..."). */
    public Schedule withText(String summary) {
        return new Schedule(kind, expression, interval, summary, zone, dataInterval, intervals);
    }

    public static Schedule once() {
        return new Schedule(Kind.ONCE, null, null, "@once");
    }

    public static Schedule continuous() {
        return new Schedule(Kind.CONTINUOUS, null, null, "@continuous");
    }

    public static Schedule cron(String expression, String text) {
        return new Schedule(Kind.CRON, expression, null, text);
    }

    public static Schedule delta(Duration interval, String text) {
        return new Schedule(Kind.DELTA, null, interval, text);
    }
}
