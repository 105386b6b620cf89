package io.updraft.store;

class PostgresConnectionStoreTest extends ConnectionStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
