package io.updraft.store;

class PostgresRemoteTryOrphansTest extends RemoteTryOrphansContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
