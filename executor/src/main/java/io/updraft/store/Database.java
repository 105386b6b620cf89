package io.updraft.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.config.UpdraftConfig;
import io.updraft.job.DatabaseProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's database: a HikariCP pool on the configured URL, migrated to the current schema by Flyway when
 * opened, and the Jdbi on top of it. Thread-safe; open one per process and close it on shutdown.
 */
public final class Database implements AutoCloseable, DatabaseProbe {

    private static final String MIGRATIONS = "classpath:db/migration";

    private final HikariDataSource pool;
    /** The pool, with each commit made durable at once on H2 (see {@link CheckpointedCommits}). */
    private final DataSource dataSource;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final List<String> migrated;

    private Database(HikariDataSource pool, Dialect dialect, List<String> migrated) {
        this.pool = pool;
        this.dataSource = dialect == Dialect.H2 ? new CheckpointedCommits(pool) : pool;
        this.dialect = dialect;
        this.migrated = migrated;
        this.jdbi = Jdbi.create(dataSource)
                .registerArgument(new InstantArgumentFactory())
                .registerColumnMapper(Instant.class, (rs, column, ctx) -> {
                    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
                    return value == null ? null : value.toInstant();
                });
    }

    /**
     * Opens the pool and migrates the schema. A fresh H2 file (its folder is created) or an empty PostgreSQL
     * database gets the whole schema; concurrent openers are serialised by Flyway's lock.
     */
    public static Database open(UpdraftConfig config) {
        return open(config, false);
    }

    /** @param fullCheck run Flyway even when the schema history says the schema is current */
    private static Database open(UpdraftConfig config, boolean fullCheck) {
        Dialect dialect = Dialect.fromJdbcUrl(config.dbUrl());
        createH2Folder(config.dbUrl());
        HikariDataSource pool = new HikariDataSource(poolConfig(config));
        try {
            return new Database(pool, dialect, !fullCheck && SchemaVersion.isCurrent(pool) ? List.of()
                    : migrate(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * What {@code updraft db migrate} does: brings the schema up to date and closes again.
     *
     * @return the versions applied by this call, oldest first; empty when the schema was already current
     */
    public static List<String> migrateOnly(UpdraftConfig config) {
        try (Database db = open(config, true)) {
            return db.migratedOnOpen();
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The store answers a trivial query. */
    @Override
    public boolean isHealthy() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** For a connection of its own outside the pool ({@link StoreSignals}). */
    String jdbcUrl() {
        return pool.getJdbcUrl();
    }

    String user() {
        return pool.getUsername();
    }

    String password() {
        return pool.getPassword();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The migration versions this instance applied when it was opened (empty if the schema was current). */
    public List<String> migratedOnOpen() {
        return migrated;
    }

    /** Every migration version recorded in the schema history, oldest first. */
    public List<String> appliedVersions() {
        return Arrays.stream(flyway(dataSource).info().applied())
                .filter(info -> info.getVersion() != null && info.getState().isApplied())
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .toList();
    }

    @Override
    public void close() {
        pool.close();
    }

    private static List<String> migrate(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        return result.migrations.stream().map(m -> m.version).toList();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .load();
    }

    private static HikariConfig poolConfig(UpdraftConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("updraft-store");
        hikari.setJdbcUrl(config.dbUrl());
        if (config.dbUser() != null) {
            hikari.setUsername(config.dbUser());
        }
        if (config.dbPassword() != null) {
            hikari.setPassword(config.dbPassword());
        }
        // The engine needs a few concurrent writers, not dozens; a CLI call should not open ten connections.
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        return hikari;
    }

    /** H2 creates the database file but not a missing folder (UPDRAFT_HOME on first use). */
    private static void createH2Folder(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return;
        }
        String path = url.substring(prefix.length());
        int semicolon = path.indexOf(';');
        Path file = Path.of(semicolon >= 0 ? path.substring(0, semicolon) : path).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the H2 database " + file, e);
        }
    }
}
