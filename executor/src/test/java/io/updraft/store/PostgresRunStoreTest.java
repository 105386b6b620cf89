package io.updraft.store;

class PostgresRunStoreTest extends RunStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
