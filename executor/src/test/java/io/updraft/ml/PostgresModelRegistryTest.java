package io.updraft.ml;

import io.updraft.store.TestDatabase;

class PostgresModelRegistryTest extends ModelRegistryContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
