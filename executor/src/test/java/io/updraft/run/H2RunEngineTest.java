package io.updraft.run;

import io.updraft.store.TestDatabase;
import java.nio.file.Path;

class H2RunEngineTest extends RunEngineContractTest {
    @Override
    TestDatabase newDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
