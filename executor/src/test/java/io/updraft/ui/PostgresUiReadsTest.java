package io.updraft.ui;

import io.updraft.store.TestDatabase;
import java.nio.file.Path;

class PostgresUiReadsTest extends UiReadsContractTest {
    @Override
    protected TestDatabase newTestDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
