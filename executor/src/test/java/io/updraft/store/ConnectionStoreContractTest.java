package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.Connection;
import io.updraft.config.ConnectionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} must do. */
abstract class ConnectionStoreContractTest extends StoreTestSupport {

    private ConnectionStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiConnectionStore(db);
    }

    @Test
    void everyFieldRoundTripsAndPutReplaces() {
        Connection pg = new Connection("warehouse", "postgres", "the DWH", "db.example", "etl", "s3cret", "public",
                5432, "{\"sslmode\":\"require\"}");
        store.put(pg);
        assertThat(store.find("warehouse")).contains(pg);

        Connection bare = new Connection("warehouse", "http", null, null, null, null, null, null, null);
        store.put(bare);

        assertThat(store.find("warehouse")).contains(bare);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void listIsOrderedByIdAndDeleteReportsExistence() {
        store.put(new Connection("z_conn", "http", null, null, null, null, null, null, null));
        store.put(new Connection("a_conn", "http", null, null, null, null, null, null, null));

        assertThat(store.list(10, 0)).extracting(Connection::connectionId).containsExactly("a_conn", "z_conn");
        assertThat(store.list(10, 1)).extracting(Connection::connectionId).containsExactly("z_conn");
        assertThat(store.delete("a_conn")).isTrue();
        assertThat(store.delete("a_conn")).isFalse();
        assertThat(store.count()).isEqualTo(1);
    }
}
