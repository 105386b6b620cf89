package io.updraft.store;

class PostgresImportErrorStoreTest extends ImportErrorStoreContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
