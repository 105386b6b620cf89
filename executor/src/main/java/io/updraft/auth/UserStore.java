package io.updraft.auth;

import java.util.List;
import java.util.Optional;

/** Users and the token signing key, kept in the store ({@code io.updraft.store.JdbiUserStore}). Thread-safe. */
public interface UserStore {

    Optional<User> find(String username);

    /** Ordered by username. */
    List<User> list();

    /** Creates the user, or replaces the password and role of an existing one. */
    void save(User user);

    /** Creates the user unless one of that name exists. @return whether it was created */
    boolean add(User user);

    /** @return false when there was no such user */
    boolean delete(String username);

    /**
     * The key that signs tokens: created at random on first use and kept in the store, so tokens stay valid across
     * restarts and between processes sharing the store.
     */
    byte[] signingKey();
}
