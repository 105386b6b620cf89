package io.updraft.store;

class PostgresDagStoreTest extends DagStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
