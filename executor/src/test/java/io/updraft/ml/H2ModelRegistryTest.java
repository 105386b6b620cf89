package io.updraft.ml;

import io.updraft.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2ModelRegistryTest extends ModelRegistryContractTest {
    @TempDir
    Path dir;

    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.h2(dir);
    }
}
