package io.updraft.api;

import io.updraft.UpdraftException;

/** Ends the try as {@code skipped}, like Airflow's AirflowSkipException. */
public class SkipTaskException extends UpdraftException {
    public SkipTaskException(String message) {
        super(message);
    }
}
