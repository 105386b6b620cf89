package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaVersionTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path dir;

    @Test
    void theNewestVersionIsTheNewestMigrationFile() throws Exception {
        assertThat(SchemaVersion.NEWEST).as("SchemaVersion.NEWEST after adding a migration").isEqualTo(newestFile());
    }

    @Test
    void aStoreIsCurrentOnlyOnceFlywayMigratedIt() throws Exception {
        TestDatabase database = TestDatabase.h2(dir);
        try (Database db = database.open()) {
            assertThat(db.migratedOnOpen()).hasSize(countFiles());
            assertThat(SchemaVersion.isCurrent(db.dataSource())).isTrue();
            // a migration that failed half-way (as Flyway records it on a database without transactional DDL)
            db.jdbi().useHandle(h -> h.execute("UPDATE flyway_schema_history SET success = FALSE WHERE version = ?",
                    Integer.toString(SchemaVersion.NEWEST)));
            assertThat(SchemaVersion.isCurrent(db.dataSource())).isFalse();
        }
    }

    @Test
    void aNewStoreIsNotCurrent() throws Exception {
        try (var pool = new com.zaxxer.hikari.HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("empty").toAbsolutePath());
            assertThat(SchemaVersion.isCurrent(pool)).isFalse();
        }
    }

    private static int newestFile() throws Exception {
        try (Stream<Path> files = Files.list(migrations())) {
            return files.map(f -> MIGRATION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
    }

    private static int countFiles() throws Exception {
        try (Stream<Path> files = Files.list(migrations())) {
            return (int) files.filter(f -> MIGRATION.matcher(f.getFileName().toString()).matches()).count();
        }
    }

    private static Path migrations() throws URISyntaxException {
        return Path.of(SchemaVersionTest.class.getClassLoader().getResource("db/migration").toURI());
    }
}
