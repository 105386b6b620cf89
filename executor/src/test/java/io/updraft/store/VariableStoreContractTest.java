package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link VariableStore} must do. */
abstract class VariableStoreContractTest extends StoreTestSupport {

    private VariableStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiVariableStore(db);
    }

    @Test
    void putCreatesThenReplaces() {
        store.put(new Variable("env", "dev", "where we run"));
        store.put(new Variable("env", "{\"name\":\"prod\"}", null));

        assertThat(store.find("env")).contains(new Variable("env", "{\"name\":\"prod\"}", null));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void listIsOrderedByKeyAndPaged() {
        store.put(new Variable("b", "2", null));
        store.put(new Variable("c", "3", null));
        store.put(new Variable("a", "1", null));

        assertThat(store.list(10, 0)).extracting(Variable::key).containsExactly("a", "b", "c");
        assertThat(store.list(1, 1)).extracting(Variable::key).containsExactly("b");
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void deleteReportsWhetherTheVariableExisted() {
        store.put(new Variable("gone", "x", null));

        assertThat(store.delete("gone")).isTrue();
        assertThat(store.delete("gone")).isFalse();
        assertThat(store.find("gone")).isEmpty();
    }
}
