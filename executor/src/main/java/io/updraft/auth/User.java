package io.updraft.auth;

/** A user of the REST API as the store keeps it. */
public record User(String username, String passwordHash, Role role) {
}
