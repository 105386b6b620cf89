package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.UpdraftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2DatabaseTest extends DatabaseContractTest {
    @TempDir
    Path dir;

    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.h2(dir);
    }

    @Override
    protected boolean expectPostgres() {
        return false;
    }

    @Test
    void missingHomeFolderIsCreated() {
        Path home = dir.resolve("not/yet/there");
        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_HOME", home.toString()));

        assertThat(Database.migrateOnly(config)).isNotEmpty();
        assertThat(Files.isDirectory(home)).isTrue();
    }
}
