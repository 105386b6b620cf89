package io.updraft.auth;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/** The principal {@link AuthFilter} attached to a request, for controllers that record who did something. */
public final class Principals {

    static final String ATTRIBUTE = "updraft.auth.principal";

    private Principals() {
    }

    /** Empty on open endpoints. */
    public static Optional<Principal> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Principal.class);
    }
}
