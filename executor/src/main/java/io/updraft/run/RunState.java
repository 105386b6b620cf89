package io.updraft.run;

import java.util.Locale;

/** Airflow's DAG-run states. */
public enum RunState {
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCESS || this == FAILED;
    }

    public static RunState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
