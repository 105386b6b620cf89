package io.updraft.auth;

/** A bearer token that is malformed, wrongly signed, or expired. */
public final class InvalidTokenException extends Exception {

    private final boolean expired;

    InvalidTokenException(String message, boolean expired) {
        super(message);
        this.expired = expired;
    }

    public boolean expired() {
        return expired;
    }
}
