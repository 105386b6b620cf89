package io.updraft.run;

import io.updraft.UpdraftException;

/** A run or task instance changed in the store since it was read; the change that found this was not applied. */
public class StaleStateException extends UpdraftException {
    public StaleStateException(String message) {
        super(message);
    }
}
