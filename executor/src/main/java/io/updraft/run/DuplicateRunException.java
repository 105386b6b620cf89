package io.updraft.run;

import io.updraft.UpdraftException;

/** A run with the same run id, or the same logical date, already exists for the DAG. */
public class DuplicateRunException extends UpdraftException {
    public DuplicateRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
