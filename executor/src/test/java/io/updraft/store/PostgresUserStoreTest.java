package io.updraft.store;

class PostgresUserStoreTest extends UserStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
