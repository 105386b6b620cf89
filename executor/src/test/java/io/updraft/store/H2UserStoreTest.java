package io.updraft.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2UserStoreTest extends UserStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.h2(dir);
    }
}
