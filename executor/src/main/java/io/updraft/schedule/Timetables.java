package io.updraft.schedule;

import io.updraft.dag.Dag;
import io.updraft.dag.Schedule;
import io.updraft.run.RunClock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** The timetable of a DAG's schedule, and next-run computation for a DAG. */
public final class Timetables {

    private Timetables() {
    }

    public static Timetable of(Schedule schedule, ZoneId zone) {
        ZoneId cronZone = schedule.zone() != null ? schedule.zone() : zone == null ? ZoneOffset.UTC : zone;
        if (schedule.intervals() && schedule.kind() == Schedule.Kind.CRON) {
            return new CronDataIntervalTimetable(schedule.expression(), cronZone);
        }
        if (schedule.intervals() && schedule.kind() == Schedule.Kind.DELTA) {
            return new DeltaDataIntervalTimetable(schedule.interval());
        }
        return switch (schedule.kind()) {
            case NONE -> new NullTimetable();
            case ONCE -> new OnceTimetable();
            case CONTINUOUS -> new ContinuousTimetable();
            case CRON -> new CronTriggerTimetable(schedule.expression(), cronZone, dataInterval(schedule));
            case DELTA -> new DeltaTriggerTimetable(schedule.interval(), dataInterval(schedule));
        };
    }

    private static java.time.Duration dataInterval(Schedule schedule) {
        return schedule.dataInterval() == null ? java.time.Duration.ZERO : schedule.dataInterval();
    }

    public static Timetable of(Dag dag) {
        return of(dag.schedule(), dag.timezone());
    }

    public static Restriction restriction(Dag dag) {
        // at the store's precision, so computed dates equal what is read back
        return new Restriction(RunClock.truncate(dag.startDate()), RunClock.truncate(dag.endDate()), dag.catchup());
    }

    /**
     * The DAG's next automated run after {@code lastAutomated} (its latest scheduled run's data interval, or null),
     * at the store's microsecond precision. It may be due already ({@link DagRunInfo#isDue}) or in the future.
     */
    public static Optional<DagRunInfo> nextRun(Dag dag, DataInterval lastAutomated, Instant now) {
        return of(dag).nextRun(lastAutomated, restriction(dag), RunClock.truncate(now));
    }

    /** Airflow's {@code infer_manual_data_interval} for a manual run of the DAG at {@code runAfter}. */
    public static DataInterval inferManualDataInterval(Dag dag, Instant runAfter) {
        return of(dag).inferManualDataInterval(runAfter);
    }
}
