package io.updraft.schedule;

import java.util.Locale;

/** Airflow 3's backfill {@code reprocess_behavior}: which logical dates that already have a run are run again. */
public enum ReprocessBehavior {
    /** Never: dates with a run are skipped. */
    NONE,
    /** Dates whose run failed. */
    FAILED,
    /** Dates whose run finished, failed or successful. */
    COMPLETED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReprocessBehavior of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
