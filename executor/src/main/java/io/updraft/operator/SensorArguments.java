package io.updraft.operator;

import io.updraft.dag.factory.DurationValues;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * BaseSensorOperator's arguments, with Airflow's defaults: {@code poke_interval} 60 s, {@code timeout} 7 days
 * ({@code [sensors] default_timeout}), {@code mode} poke, no {@code soft_fail}, no {@code exponential_backoff}.
 * Durations are seconds, a {@code datetime.timedelta} or "5 minutes".
 */
record SensorArguments(Duration pokeInterval, Duration timeout, boolean softFail, boolean reschedule,
                       boolean exponentialBackoff, Duration maxWait, boolean deferrable, boolean silentFail,
                       boolean neverFail) {

    static final Set<String> NAMES = Set.of("poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff",
            "max_wait", "deferrable", "silent_fail", "never_fail");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofDays(7);

    /** @throws IllegalArgumentException naming the argument that is wrong */
    static SensorArguments of(Map<String, Object> arguments) {
        Duration poke = duration(arguments, "poke_interval", Duration.ofSeconds(60));
        Duration timeout = duration(arguments, "timeout", DEFAULT_TIMEOUT);
        String mode = Arguments.string(arguments, "mode", "poke");
        if (!mode.equals("poke") && !mode.equals("reschedule")) {
            throw new IllegalArgumentException("The mode must be one of ['poke', 'reschedule']; received '" + mode
                    + "'.");
        }
        boolean softFail = Arguments.bool(arguments, "soft_fail", false);
        boolean neverFail = Arguments.bool(arguments, "never_fail", false);
        if (softFail && neverFail) {
            throw new IllegalArgumentException("soft_fail and never_fail are mutually exclusive, you can not provide "
                    + "both.");
        }
        return new SensorArguments(poke, timeout, softFail, mode.equals("reschedule"),
                Arguments.bool(arguments, "exponential_backoff", false), duration(arguments, "max_wait", null),
                Arguments.bool(arguments, "deferrable", false), Arguments.bool(arguments, "silent_fail", false),
                neverFail);
    }

    static Duration duration(Map<String, Object> arguments, String name, Duration defaultValue) {
        Object value = arguments.get(name);
        if (value == null) {
            return defaultValue;
        }
        Duration duration = DurationValues.argument(value, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Operator arg `" + name + "` must be timedelta object or a "
                    + "non-negative number");
        }
        return duration;
    }
}
