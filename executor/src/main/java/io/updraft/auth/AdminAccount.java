package io.updraft.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The {@code admin} user that {@code updraft standalone} guarantees, as {@code airflow standalone} does: with the
 * password from UPDRAFT_ADMIN_PASSWORD, else a generated one that is written to
 * {@code $UPDRAFT_HOME/standalone_admin_password.txt} and shown at every start. An admin whose password was set
 * some other way (e.g. {@code updraft users create}) is left alone.
 */
public final class AdminAccount {

    public static final String USERNAME = "admin";
    public static final String PASSWORD_FILE = "standalone_admin_password.txt";
    /** Airflow's alphabet for generated passwords: no look-alike characters. */
    private static final String ALPHABET = "abcdefghkmnpqrstuvwxyzABCDEFGHKMNPQRSTUVWXYZ23456789";

    /** What happened, and the line to print for the operator. */
    public record Outcome(String password, String message) {
    }

    private final UserStore users;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();

    public AdminAccount(UserStore users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** @param configuredPassword UPDRAFT_ADMIN_PASSWORD, or null/blank */
    public Outcome ensure(Path home, String configuredPassword) {
        if (configuredPassword != null && !configuredPassword.isBlank()) {
            return setConfigured(hasher.hash(configuredPassword));
        }
        Path file = home.resolve(PASSWORD_FILE);
        Optional<User> existing = users.find(USERNAME);
        if (existing.isPresent()) {
            Optional<String> remembered = read(file).filter(p -> hasher.matches(p, existing.get().passwordHash()));
            return remembered.map(p -> new Outcome(p, "Password for user 'admin': " + p))
                    .orElseGet(() -> new Outcome(null, "User 'admin' exists; its password is unchanged"));
        }
        String password = generate();
        if (!users.add(new User(USERNAME, hasher.hash(password), Role.ADMIN))) {
            return new Outcome(null, "User 'admin' exists; its password is unchanged"); // another node made it first
        }
        write(file, password);
        return new Outcome(password, "Password for user 'admin': " + password);
    }

    /** The admin with UPDRAFT_ADMIN_PASSWORD, given as its hash (see {@link PasswordHasher#hash}). */
    public Outcome setConfigured(String passwordHash) {
        users.save(new User(USERNAME, passwordHash, Role.ADMIN));
        return new Outcome(null, "Password for user 'admin': set from UPDRAFT_ADMIN_PASSWORD");
    }

    private String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, password + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the home folder's ACL applies
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
