package io.updraft.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Time at the store's precision. Databases keep microseconds, so the engine's clock ticks in microseconds too and
 * what it holds in memory equals what it reads back (and what Airflow's isoformat dates show).
 */
public final class RunClock {

    private RunClock() {
    }

    public static Clock utc() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }

    /** The instant at microsecond precision; null stays null. */
    public static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
