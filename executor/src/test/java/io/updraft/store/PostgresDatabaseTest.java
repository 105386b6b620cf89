package io.updraft.store;

class PostgresDatabaseTest extends DatabaseContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    protected boolean expectPostgres() {
        return true;
    }
}
