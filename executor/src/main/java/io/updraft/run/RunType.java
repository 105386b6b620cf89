package io.updraft.run;

import java.util.Locale;

/**
 * Airflow 3's run types; each run id starts with {@code <value>__}, but an operator-triggered run's: a
 * TriggerDagRunOperator names its run {@code manual__<date>}, as Airflow's.
 */
public enum RunType {
    MANUAL,
    SCHEDULED,
    BACKFILL,
    ASSET_TRIGGERED,
    /** Created by a TriggerDagRunOperator (Airflow 3.2+'s {@code operator_triggered}). */
    OPERATOR_TRIGGERED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
