package io.updraft.run;

/** A run with the same run id, or the same logical date, already exists for the DAG. */
public class DuplicateRunException extends RuntimeException {
    public DuplicateRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
