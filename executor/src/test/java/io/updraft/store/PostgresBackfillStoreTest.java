package io.updraft.store;

class PostgresBackfillStoreTest extends BackfillStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
