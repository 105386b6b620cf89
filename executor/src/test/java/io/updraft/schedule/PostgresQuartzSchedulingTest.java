package io.updraft.schedule;

import io.updraft.store.TestDatabase;

class PostgresQuartzSchedulingTest extends QuartzSchedulingContractTest {
    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.postgres();
    }
}
