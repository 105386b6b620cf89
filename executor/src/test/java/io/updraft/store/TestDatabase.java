package io.updraft.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.updraft.config.UpdraftConfig;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An empty database for one test: an H2 file in a temporary folder (the embedded default, not in-memory), or a new
 * PostgreSQL database created next to the one named by UPDRAFT_TEST_PG_URL and dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PG_URL_VARIABLE = "UPDRAFT_TEST_PG_URL";
    private static final Pattern PG_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");

    private final UpdraftConfig config;
    private final Runnable drop;

    private TestDatabase(UpdraftConfig config, Runnable drop) {
        this.config = config;
        this.drop = drop;
    }

    /** A new H2 home under {@code dir}; each call gets its own, so a test may make a second database. */
    public static TestDatabase h2(Path dir) {
        Path home = dir.resolve("home-" + UUID.randomUUID());
        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_HOME", home.toString()));
        return new TestDatabase(config, () -> { });
    }

    /** Skips the calling test, with the reason shown, when no PostgreSQL is configured. */
    public static TestDatabase postgres() {
        String baseUrl = System.getenv(PG_URL_VARIABLE);
        assumeTrue(baseUrl != null && !baseUrl.isBlank(), PG_URL_VARIABLE
                + " is not set, PostgreSQL tests skipped (run .ci/pg-start and export the URL it prints)");
        Matcher matcher = PG_URL.matcher(baseUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(PG_URL_VARIABLE + " is not a jdbc:postgresql://host:port/db URL: " + baseUrl);
        }
        String name = "updraft_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(baseUrl, "CREATE DATABASE " + name);
        String url = matcher.group(1) + name + (matcher.group(3) == null ? "" : matcher.group(3));
        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_DB_URL", url));
        return new TestDatabase(config, () -> execute(baseUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    public UpdraftConfig config() {
        return config;
    }

    /** Opens (and migrates) the database; may be called again after closing to reopen it. */
    public Database open() {
        return Database.open(config);
    }

    @Override
    public void close() {
        drop.run();
    }

    private static void execute(String url, String sql) {
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + url, e);
        }
    }
}
