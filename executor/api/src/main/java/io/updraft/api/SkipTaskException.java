package io.updraft.api;

/** Ends the try as {@code skipped}, like Airflow's AirflowSkipException. */
public class SkipTaskException extends RuntimeException {
    public SkipTaskException(String message) {
        super(message);
    }
}
