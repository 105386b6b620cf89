package io.updraft.store;

class PostgresVariableStoreTest extends VariableStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
