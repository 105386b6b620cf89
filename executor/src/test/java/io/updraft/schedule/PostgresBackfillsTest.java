package io.updraft.schedule;

import io.updraft.store.TestDatabase;

class PostgresBackfillsTest extends BackfillsContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
