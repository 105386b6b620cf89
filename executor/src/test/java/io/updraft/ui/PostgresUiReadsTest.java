package io.updraft.ui;

import io.updraft.store.TestDatabase;

class PostgresUiReadsTest extends UiReadsContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
