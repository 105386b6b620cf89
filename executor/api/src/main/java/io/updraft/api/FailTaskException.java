package io.updraft.api;

import io.updraft.UpdraftException;

/** Ends the task as {@code failed} without retrying, like Airflow's AirflowFailException. */
public class FailTaskException extends UpdraftException {
    public FailTaskException(String message) {
        super(message);
    }

    public FailTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
