package io.updraft.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Gives each test of a contract a freshly migrated database of the subclass's kind. */
public abstract class StoreTestSupport {

    protected TestDatabase testDatabase;
    protected Database db;

    /** H2 or PostgreSQL; the only thing a concrete contract test class defines. */
    protected abstract TestDatabase newTestDatabase();

    @BeforeEach
    protected void openDatabase() {
        testDatabase = newTestDatabase();
        db = testDatabase.open();
    }

    @AfterEach
    protected void closeDatabase() {
        if (db != null) {
            db.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }
}
