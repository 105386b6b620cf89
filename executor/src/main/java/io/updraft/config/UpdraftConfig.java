package io.updraft.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where Updraft keeps its files and which store it uses, from the environment.
 *
 * @param home UPDRAFT_HOME (default {@code ./.updraft}): the embedded database, task logs, artifacts
 * @param dagsFolder UPDRAFT_DAGS_FOLDER (default {@code dag-specs})
 * @param dbUrl UPDRAFT_DB_URL (default an H2 file under home); a {@code jdbc:postgresql:} URL selects PostgreSQL
 * @param dbUser UPDRAFT_DB_USER, or null
 * @param dbPassword UPDRAFT_DB_PASSWORD, or null
 * @param nodeLease UPDRAFT_NODE_LEASE in seconds (default 30): how long an engine node may stay silent before
 *     other nodes on the same database take its DAGs and runs over (it heartbeats six times per lease)
 */
public record UpdraftConfig(Path home, Path dagsFolder, String dbUrl, String dbUser, String dbPassword,
                            Duration nodeLease) {

    public static final Duration DEFAULT_NODE_LEASE = Duration.ofSeconds(30);

    public UpdraftConfig(Path home, Path dagsFolder, String dbUrl, String dbUser, String dbPassword) {
        this(home, dagsFolder, dbUrl, dbUser, dbPassword, DEFAULT_NODE_LEASE);
    }

    public static UpdraftConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static UpdraftConfig from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("UPDRAFT_HOME", ".updraft")).toAbsolutePath().normalize();
        Path dags = Path.of(env.getOrDefault("UPDRAFT_DAGS_FOLDER", "dag-specs")).toAbsolutePath().normalize();
        String url = env.get("UPDRAFT_DB_URL");
        if (url == null || url.isBlank()) {
            url = embeddedDbUrl(home);
        }
        return new UpdraftConfig(home, dags, url, env.get("UPDRAFT_DB_USER"), env.get("UPDRAFT_DB_PASSWORD"),
                nodeLease(env.get("UPDRAFT_NODE_LEASE")));
    }

    private static Duration nodeLease(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_NODE_LEASE;
        }
        try {
            Duration lease = Duration.ofMillis(Math.round(Double.parseDouble(seconds.trim()) * 1000));
            if (lease.toMillis() >= 600) {
                return lease;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("UPDRAFT_NODE_LEASE must be a number of seconds >= 0.6, not '"
                + seconds + "'");
    }

    /**
     * The default store: an H2 file under home, in PostgreSQL mode so one set of SQL serves both. H2 keeps its
     * default write delay, whose background writer also compacts the file; the store makes each commit durable at
     * once itself (io.updraft.store.CheckpointedCommits).
     */
    /**
     * How long H2 keeps a chunk it no longer needs before writing over it. H2's default, 45 s, makes the file grow by
     * every chunk written in the last 45 s: with a chunk per commit (CheckpointedCommits) under a steady trigger
     * load that is hundreds of MB. Every commit is already flushed to the operating system, so a short retention
     * loses nothing a process crash could.
     */
    static final int H2_RETENTION_MILLIS = 1000;

    public static String embeddedDbUrl(Path home) {
        return "jdbc:h2:file:" + home.resolve("updraft").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE"
                + ";RETENTION_TIME=" + H2_RETENTION_MILLIS;
    }

    public Path logsFolder() {
        return home.resolve("logs");
    }

    public UpdraftConfig withDbUrl(String url) {
        return new UpdraftConfig(home, dagsFolder, url, dbUser, dbPassword, nodeLease);
    }

    public UpdraftConfig withDagsFolder(Path folder) {
        return new UpdraftConfig(home, folder, dbUrl, dbUser, dbPassword, nodeLease);
    }
}
