package io.updraft.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Airflow's simple auth manager roles, weakest first: each role may do everything the ones before it may. */
public enum Role {
    VIEWER, USER, OP, ADMIN;

    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }

    /** The lower-case name Airflow uses ("viewer", "op", ...). */
    public String airflowName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + text + "'; use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Role::airflowName).collect(Collectors.joining(", "));
    }
}
