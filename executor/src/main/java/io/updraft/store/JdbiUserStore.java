package io.updraft.store;

import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link UserStore} in tables {@code auth_user} and {@code auth_secret} (V3__users.sql). Thread-safe. */
public final class JdbiUserStore implements UserStore {

    private static final String JWT_KEY = "jwt_signing_key";

    private final Jdbi jdbi;

    public JdbiUserStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Optional<User> find(String username) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT username, password_hash, role FROM auth_user WHERE username = :username")
                .bind("username", username)
                .map((rs, ctx) -> new User(rs.getString("username"), rs.getString("password_hash"),
                        Role.parse(rs.getString("role"))))
                .findOne());
    }

    @Override
    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT username, password_hash, role FROM auth_user ORDER BY username")
                .map((rs, ctx) -> new User(rs.getString("username"), rs.getString("password_hash"),
                        Role.parse(rs.getString("role"))))
                .list());
    }

    @Override
    public void save(User user) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate(
                            "UPDATE auth_user SET password_hash = :hash, role = :role WHERE username = :username")
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

    @Override
    public boolean delete(String username) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM auth_user WHERE username = :username")
                .bind("username", username)
                .execute()) > 0;
    }

    /** Concurrent first users agree on the row that got in first. */
    @Override
    public byte[] signingKey() {
        Optional<String> existing = readSecret();
        if (existing.isPresent()) {
            return Base64.getDecoder().decode(existing.get());
        }
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        try {
            jdbi.useHandle(h -> h.createUpdate(
                            "INSERT INTO auth_secret (name, secret, created_at) VALUES (:name, :secret, :now)")
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
