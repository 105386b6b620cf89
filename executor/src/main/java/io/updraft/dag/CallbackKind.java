package io.updraft.dag;

import java.util.Locale;

/** The moments a callback can be attached to; {@link #key()} is the DAG-file key. */
public enum CallbackKind {
    ON_EXECUTE,
    ON_SUCCESS,
    ON_FAILURE,
    ON_RETRY,
    ON_SKIPPED;

    public String key() {
        return name().toLowerCase(Locale.ROOT) + "_callback";
    }
}
