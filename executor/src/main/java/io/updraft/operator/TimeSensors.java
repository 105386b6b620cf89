package io.updraft.operator;

import io.updraft.dag.factory.DurationValues;
import io.updraft.run.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Airflow's TimeDeltaSensor and DateTimeSensor (and their Async forms): wait for a moment; deferred as a timer. */
final class TimeSensors {

    private TimeSensors() {
    }

    /** Waits until {@code delta} after the run's data interval end (its run_after without one). */
    static final class TimeDeltaSensor extends SensorOperator {

        private final Object delta;

        TimeDeltaSensor(SensorArguments sensor, Object delta) {
            super(sensor);
            this.delta = delta;
        }

        /** A timedelta, or (as Airflow) a number of minutes. */
        static Duration delta(Object value) {
            if (value == null) {
                throw new IllegalArgumentException("delta is required");
            }
            if (value instanceof Number || value instanceof String text && text.strip().matches("-?\\d+")) {
                return Duration.ofMinutes(Long.parseLong(String.valueOf(value).strip()));
            }
            return DurationValues.argument(value, "delta");
        }

        private Instant target(RunningTask task) {
            Instant base = task.setup().attempt().run().dataIntervalEnd();
            if (base == null) {
                base = task.setup().attempt().run().runAfter();
            }
            return base.plus(delta(delta));
        }

        @Override
        protected Poke poke(RunningTask task) {
            Instant target = target(task);
            task.taskLog().info("time_delta.py", "Checking if the delta has elapsed base_time="
                    + target.minus(delta(delta)) + ", delta=" + delta(delta));
            return Poke.of(Instant.now().isAfter(target));
        }

        @Override
        protected Object executeDeferrable(RunningTask task) throws Exception {
            if (Instant.now().isAfter(target(task))) {
                return true;
            }
            return defer(task);
        }

        @Override
        protected Trigger trigger(RunningTask task, Instant timeoutAt) {
            return Trigger.at(target(task), timeoutAt);
        }
    }

    /** Waits until {@code target_time}. */
    static final class DateTimeSensor extends SensorOperator {

        private final Object targetTime;

        DateTimeSensor(SensorArguments sensor, Object targetTime) {
            super(sensor);
            this.targetTime = targetTime;
        }

        @Override
        protected Poke poke(RunningTask task) {
            task.taskLog().info("date_time.py", "Checking if the time (" + targetTime + ") has come");
            return Poke.of(Instant.now().isAfter(moment(targetTime)));
        }

        @Override
        protected Object executeDeferrable(RunningTask task) throws Exception {
            return defer(task);
        }

        @Override
        protected Trigger trigger(RunningTask task, Instant timeoutAt) {
            return Trigger.at(moment(targetTime), null);
        }
    }

    /** A date-time as Airflow's timezone.parse reads it: ISO 8601, naive means UTC. */
    static Instant moment(Object value) {
        if (value instanceof Map<?, ?> || value == null) {
            throw new IllegalArgumentException("target_time must be a date-time string, got "
                    + Arguments.describe(value));
        }
        String text = String.valueOf(value).strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("cannot read the date-time '" + value + "'");
                }
            }
        }
    }
}
