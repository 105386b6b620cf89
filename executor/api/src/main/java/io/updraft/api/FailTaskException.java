package io.updraft.api;

/** Ends the task as {@code failed} without retrying, like Airflow's AirflowFailException. */
public class FailTaskException extends RuntimeException {
    public FailTaskException(String message) {
        super(message);
    }

    public FailTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
