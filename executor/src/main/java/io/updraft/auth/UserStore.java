package io.updraft.auth;

import io.updraft.store.Database;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Users and the token signing key in the store (tables of V3__users.sql). Thread-safe. */
public final class UserStore {

    private static final String JWT_KEY = "jwt_signing_key";

    private final Jdbi jdbi;

    public UserStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public Optional<User> find(String username) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT username, password_hash, role FROM auth_user WHERE username = :username")
                .bind("username", username)
                .map((rs, ctx) -> new User(rs.getString("username"), rs.getString("password_hash"),
                        Role.parse(rs.getString("role"))))
                .findOne());
    }

    /** Ordered by username. */
    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT username, password_hash, role FROM auth_user ORDER BY username")
                .map((rs, ctx) -> new User(rs.getString("username"), rs.getString("password_hash"),
                        Role.parse(rs.getString("role"))))
                .list());
    }

    /** Creates the user, or replaces the password and role of an existing one. */
    public void save(User user) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE auth_user SET password_hash = :hash, role = :role WHERE username = :username")
                    .bind("username", user.username())
                    .bind("hash", user.passwordHash())
                    .bind("role", user.role().airflowName())
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO auth_user (username, password_hash, role, created_at) "
                                + "VALUES (:username, :hash, :role, :now)")
                        .bind("username", user.username())
                        .bind("hash", user.passwordHash())
                        .bind("role", user.role().airflowName())
                        .bind("now", Instant.now())
                        .execute();
            }
        });
    }

    /** @return false when there was no such user */
    public boolean delete(String username) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM auth_user WHERE username = :username")
                .bind("username", username)
                .execute()) > 0;
    }

    /**
     * The key that signs tokens: created at random on first use and kept in the store, so tokens stay valid across
     * restarts and between processes sharing the store. Concurrent first users agree on the row that got in first.
     */
    public byte[] signingKey() {
        Optional<String> existing = readSecret();
        if (existing.isPresent()) {
            return Base64.getDecoder().decode(existing.get());
        }
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO auth_secret (name, secret, created_at) VALUES (:name, :secret, :now)")
                    .bind("name", JWT_KEY)
                    .bind("secret", Base64.getEncoder().encodeToString(key))
                    .bind("now", Instant.now())
                    .execute());
        } catch (RuntimeException lostRace) {
            // another process inserted its key between our read and insert: use that one
        }
        return Base64.getDecoder().decode(readSecret().orElseThrow());
    }

    private Optional<String> readSecret() {
        return jdbi.withHandle(h -> h.createQuery("SELECT secret FROM auth_secret WHERE name = :name")
                .bind("name", JWT_KEY)
                .mapTo(String.class)
                .findOne());
    }
}
