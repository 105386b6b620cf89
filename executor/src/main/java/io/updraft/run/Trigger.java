package io.updraft.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a deferred task waits for (Airflow's trigger), held by the engine's {@link Triggerer} as a timer, not a
 * thread: checked first at {@code firstCheck}, then every {@code pollInterval} until it fires or {@code timeoutAt}
 * passes. A trigger of kind {@link #DATETIME} fires at {@code firstCheck} without being polled.
 *
 * @param kind which {@link TriggerPoller} check applies ({@code datetime}, {@code file}, ...)
 * @param arguments the check's arguments (JSON-ready values)
 * @param timeoutAt when the wait fails as timed out; null: never
 */
public record Trigger(String kind, Map<String, Object> arguments, Instant firstCheck, Duration pollInterval,
                      Instant timeoutAt) {

    /** Airflow's DateTimeTrigger: fires at a moment. */
    public static final String DATETIME = "datetime";
    /** The event's {@code status} when the trigger's {@code timeoutAt} passed before it fired. */
    public static final String TIMEOUT = "timeout";

    public Trigger {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        pollInterval = pollInterval == null || pollInterval.isNegative() ? Duration.ZERO : pollInterval;
    }

    public static Trigger at(Instant moment, Instant timeoutAt) {
        return new Trigger(DATETIME, Map.of(), moment, Duration.ZERO, timeoutAt);
    }
}
