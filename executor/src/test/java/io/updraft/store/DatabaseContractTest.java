package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.bench.StoreFloorBenchmark;
import io.updraft.config.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Opening, migrating and reopening a database; the store-floor benchmark. */
abstract class DatabaseContractTest extends StoreTestSupport {

    protected abstract boolean expectPostgres();

    @Test
    void freshDatabaseGetsEveryMigration() {
        assertThat(db.migratedOnOpen()).isNotEmpty().startsWith("1");
        assertThat(db.appliedVersions()).isEqualTo(db.migratedOnOpen());
        assertThat(db.dialect()).isEqualTo(expectPostgres() ? Dialect.POSTGRESQL : Dialect.H2);
    }

    @Test
    void migratingAgainIsANoOp() {
        List<String> versions = db.appliedVersions();
        db.close();

        assertThat(Database.migrateOnly(testDatabase.config())).isEmpty();
        db = testDatabase.open();

        assertThat(db.migratedOnOpen()).isEmpty();
        assertThat(db.appliedVersions()).isEqualTo(versions);
    }

    @Test
    void concurrentFirstOpensMigrateOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Database> opened = new ArrayList<>();
        try (TestDatabase fresh = newTestDatabase()) {
            Callable<Database> open = fresh::open;
            for (Future<Database> future : threads.invokeAll(List.of(open, open))) {
                opened.add(future.get());
            }

            // Flyway's lock is taken per migration, so the openers may share the work; each is applied once
            List<String> appliedByBoth = new ArrayList<>(opened.get(0).migratedOnOpen());
            appliedByBoth.addAll(opened.get(1).migratedOnOpen());
            assertThat(appliedByBoth).containsExactlyInAnyOrderElementsOf(db.appliedVersions());
            assertThat(opened.get(0).appliedVersions()).isEqualTo(db.appliedVersions());
        } finally {
            opened.forEach(Database::close);
            threads.shutdown();
        }
    }

    @Test
    void dataSurvivesClosingAndReopening() {
        new JdbiVariableStore(db).put(new Variable("kept", "yes", null));
        db.close();

        db = testDatabase.open();

        assertThat(new JdbiVariableStore(db).find("kept")).contains(new Variable("kept", "yes", null));
    }

    @Test
    void storeFloorBenchmarkMeasuresAndCleansUp() {
        StoreFloorBenchmark.Result result = StoreFloorBenchmark.run(db, 200);

        assertThat(result.writes()).isEqualTo(200);
        assertThat(result.writesPerSecond()).isPositive();
        long leftovers = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM task_instance").mapTo(Long.class).one());
        assertThat(leftovers).isZero();
    }
}
