package io.updraft.ui;

import io.updraft.store.TestDatabase;
import java.nio.file.Path;

class PostgresUiQueriesTest extends UiQueriesContractTest {
    @Override
    protected TestDatabase newTestDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
