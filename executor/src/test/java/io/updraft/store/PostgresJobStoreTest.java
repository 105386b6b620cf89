package io.updraft.store;

class PostgresJobStoreTest extends JobStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
