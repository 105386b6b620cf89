package io.updraft.run;

import io.updraft.store.TestDatabase;
import java.nio.file.Path;

/** Runs when UPDRAFT_TEST_PG_URL names a PostgreSQL server (CI starts one); skipped with that reason otherwise. */
class PostgresRunEngineTest extends RunEngineContractTest {
    @Override
    TestDatabase newDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
