package io.updraft.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Airflow's simple auth manager roles, weakest first: each role may do everything the ones before it may. Apart from
 * them, {@code worker}: a remote worker's account, which may use the Task Execution API and nothing else.
 */
public enum Role {
    VIEWER, USER, OP, ADMIN, WORKER;

    public boolean atLeast(Role required) {
        if (this == WORKER || required == WORKER) {
            return this == required || this == ADMIN;
        }
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
