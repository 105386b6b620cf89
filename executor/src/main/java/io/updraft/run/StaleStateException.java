package io.updraft.run;

/** A run or task instance changed in the store since it was read; the change that found this was not applied. */
public class StaleStateException extends RuntimeException {
    public StaleStateException(String message) {
        super(message);
    }
}
