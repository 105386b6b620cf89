package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.config.Pool;
import io.updraft.config.PoolStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PoolStore} must do. */
abstract class PoolStoreContractTest extends StoreTestSupport {

    private PoolStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiPoolStore(db);
    }

    @Test
    void defaultPoolExistsWithAirflowsSlotCount() {
        assertThat(store.find(Pool.DEFAULT_POOL)).contains(new Pool("default_pool", 128, "Default pool", false));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void defaultPoolCannotBeDeleted() {
        assertThatThrownBy(() -> store.delete(Pool.DEFAULT_POOL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Default Pool can't be deleted");
        assertThat(store.find(Pool.DEFAULT_POOL)).isPresent();
    }

    @Test
    void putCreatesAndReplacesAndListKeepsCreationOrder() {
        store.put(new Pool("etl", 4, "ETL jobs", true));
        store.put(new Pool("api", 1, null, false));
        store.put(new Pool("etl", 8, "more ETL", false));

        assertThat(store.find("etl")).contains(new Pool("etl", 8, "more ETL", false));
        assertThat(store.list(10, 0)).extracting(Pool::name).containsExactly("default_pool", "etl", "api");
        assertThat(store.list(1, 2)).extracting(Pool::name).containsExactly("api");
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void deleteReportsWhetherThePoolExisted() {
        store.put(new Pool("etl", 4, null, false));

        assertThat(store.delete("etl")).isTrue();
        assertThat(store.delete("etl")).isFalse();
        assertThat(store.find("etl")).isEmpty();
    }
}
