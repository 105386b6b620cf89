package io.updraft.store;

class PostgresPoolStoreTest extends PoolStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
