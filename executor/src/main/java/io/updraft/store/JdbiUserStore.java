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
import org.jdbi.v3.core.statement.Update;

/** {@link UserStore} in tables {@code auth_user} and {@code auth_secret} (V3__users.sql). Thread-safe. */
public final class JdbiUserStore implements UserStore {

    private static final String JWT_KEY = "jwt_signing_key";

    // created_at stays that of the first save
    private static final String SAVE_H2 = """
            MERGE INTO auth_user u USING (SELECT CAST(:username AS VARCHAR(250)) AS username) s
                ON u.username = s.username
            WHEN MATCHED THEN UPDATE SET password_hash = :hash, role = :role
            WHEN NOT MATCHED THEN INSERT (username, password_hash, role, created_at)
                VALUES (:username, :hash, :role, :now)""";
    private static final String SAVE_POSTGRES = """
            INSERT INTO auth_user (username, password_hash, role, created_at) VALUES (:username, :hash, :role, :now)
            ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role""";
    private static final String ADD_H2 = """
            MERGE INTO auth_user u USING (SELECT CAST(:username AS VARCHAR(250)) AS username) s
                ON u.username = s.username
            WHEN NOT MATCHED THEN INSERT (username, password_hash, role, created_at)
                VALUES (:username, :hash, :role, :now)""";
    private static final String ADD_POSTGRES = """
            INSERT INTO auth_user (username, password_hash, role, created_at) VALUES (:username, :hash, :role, :now)
            ON CONFLICT (username) DO NOTHING""";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiUserStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
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

    /** An upsert, so nodes starting together on one store do not fail on each other's insert of the admin. */
    @Override
    public void save(User user) {
        UniqueViolations.retrying(() -> jdbi.withHandle(h -> bindUser(h.createUpdate(
                dialect.pick(SAVE_H2, SAVE_POSTGRES)), user).execute()));
    }

    @Override
    public boolean add(User user) {
        return UniqueViolations.retrying(() -> jdbi.withHandle(h -> bindUser(h.createUpdate(
                dialect.pick(ADD_H2, ADD_POSTGRES)), user).execute())) > 0;
    }

    private static Update bindUser(Update update, User user) {
        return update.bind("username", user.username())
                .bind("hash", user.passwordHash())
                .bind("role", user.role().airflowName())
                .bind("now", Instant.now());
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
