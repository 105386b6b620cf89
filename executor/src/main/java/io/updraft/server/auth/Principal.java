package io.updraft.server.auth;

/** Who made a request: the user name and role a token or a password proved. */
public record Principal(String username, Role role) {
}
