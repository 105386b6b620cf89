package io.updraft.store;

class PostgresListingsTest extends ListingsContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
