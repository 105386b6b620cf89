package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.ImportErrorRecord;
import io.updraft.dag.ImportErrorStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ImportErrorStore} must do. */
abstract class ImportErrorStoreContractTest extends StoreTestSupport {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.000001Z");

    private ImportErrorStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiImportErrorStore(db);
    }

    @Test
    void replaceAllKeepsOnlyTheLatestLoadsErrors() {
        store.replaceAll(List.of(
                new ImportErrorRecord(0, NOW, "dags/b.yaml", "bad indent"),
                new ImportErrorRecord(0, NOW, "dags/a.yaml", "unknown operator")));
        store.replaceAll(List.of(new ImportErrorRecord(0, NOW.plusSeconds(30), "dags/c.yaml", "cycle")));

        List<ImportErrorRecord> errors = store.list(10, 0);
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.id()).isPositive();
            assertThat(error.timestamp()).isEqualTo(NOW.plusSeconds(30));
            assertThat(error.filename()).isEqualTo("dags/c.yaml");
            assertThat(error.stackTrace()).isEqualTo("cycle");
        });
        assertThat(store.find(errors.get(0).id())).contains(errors.get(0));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void listIsOrderedByFilenameAndPaged() {
        store.replaceAll(List.of(
                new ImportErrorRecord(0, NOW, "dags/b.yaml", "b"),
                new ImportErrorRecord(0, NOW, "dags/c.yaml", "c"),
                new ImportErrorRecord(0, NOW, "dags/a.yaml", "a")));

        assertThat(store.list(10, 0)).extracting(ImportErrorRecord::filename)
                .containsExactly("dags/a.yaml", "dags/b.yaml", "dags/c.yaml");
        assertThat(store.list(2, 1)).extracting(ImportErrorRecord::stackTrace).containsExactly("b", "c");
    }

    @Test
    void replacingWithNothingClearsAll() {
        store.replaceAll(List.of(new ImportErrorRecord(0, NOW, "dags/a.yaml", "a")));

        store.replaceAll(List.of());

        assertThat(store.count()).isZero();
        assertThat(store.list(10, 0)).isEmpty();
    }
}
