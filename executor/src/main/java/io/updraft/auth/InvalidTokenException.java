package io.updraft.auth;

import io.updraft.UpdraftException;

/** A bearer token that is malformed, wrongly signed, or expired. Unchecked: only the auth filter catches it. */
public final class InvalidTokenException extends UpdraftException {

    private final boolean expired;

    InvalidTokenException(String message, boolean expired) {
        super(message);
        this.expired = expired;
    }

    public boolean expired() {
        return expired;
    }
}
