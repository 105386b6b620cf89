package io.updraft.schedule;

import java.time.Instant;

/**
 * Airflow's {@code TimeRestriction}: the DAG's start_date, end_date (inclusive) and catchup.
 *
 * @param earliest null when the DAG has no start_date
 * @param latest null for no end
 */
public record Restriction(Instant earliest, Instant latest, boolean catchup) {

    boolean allows(Instant runTime) {
        return latest == null || !runTime.isAfter(latest);
    }
}
