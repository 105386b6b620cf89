package io.updraft.auth;

/**
 * Who made a request: the user name and role a token or a password proved.
 *
 * @param scope for a token issued to a worker for one try: that try's id, and the token is good for it alone;
 *     else null
 */
public record Principal(String username, Role role, String scope) {

    public Principal(String username, Role role) {
        this(username, role, null);
    }
}
