package io.updraft.run;

import java.util.Locale;

/** Airflow 3's run types; each run id starts with {@code <value>__}. */
public enum RunType {
    MANUAL,
    SCHEDULED,
    BACKFILL,
    ASSET_TRIGGERED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
